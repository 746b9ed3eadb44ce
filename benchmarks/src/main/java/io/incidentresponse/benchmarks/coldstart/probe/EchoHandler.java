package io.incidentresponse.benchmarks.coldstart.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The hello-world contender of the cold-start harness, never deployed: a Java
 * {@code RequestStreamHandler} that writes its input back, on a class path of
 * {@code aws-lambda-java-core} and the probe jar alone. What is left of a cold start when the
 * function does nothing: the JVM's start and the probe's own work, the floor under any Java function.
 */
public final class EchoHandler implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.transferTo(output);
    }
}
