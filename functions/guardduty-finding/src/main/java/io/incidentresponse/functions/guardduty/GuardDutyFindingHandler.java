package io.incidentresponse.functions.guardduty;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.function.SignalFunction;
import io.incidentresponse.shared.pipeline.SignalPipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * EventBridge "GuardDuty Finding" events in, Security IR cases out (or, by routing rule, Incident
 * Manager incidents). A malformed event fails the invocation before anything is written, so
 * Lambda's retries and then the failure destination keep it.
 */
public final class GuardDutyFindingHandler implements RequestStreamHandler {
    private final SignalPipeline pipeline;

    /** Lambda's constructor: reads the configuration and builds the clients once per container. */
    public GuardDutyFindingHandler() {
        this(Settings.fromEnvironment(), ClientFactory.fromEnvironment());
    }

    public GuardDutyFindingHandler(Settings settings, ClientFactory clients) {
        this(SignalFunction.findings(settings, clients));
    }

    public GuardDutyFindingHandler(SignalPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        pipeline.handle(input, output, context == null ? null : context.getAwsRequestId());
    }
}
