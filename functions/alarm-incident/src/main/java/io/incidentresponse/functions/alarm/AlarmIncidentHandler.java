package io.incidentresponse.functions.alarm;

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
 * EventBridge "CloudWatch Alarm State Change" events in; Incident Manager incidents (or, by
 * routing rule, Security IR cases) opened, updated and resolved, one per alarm episode. A
 * malformed event fails the invocation before anything is written.
 */
public final class AlarmIncidentHandler implements RequestStreamHandler {
    private final SignalPipeline pipeline;

    /** Lambda's constructor: reads the configuration and builds the clients once per container. */
    public AlarmIncidentHandler() {
        this(Settings.fromEnvironment(), ClientFactory.fromEnvironment());
    }

    public AlarmIncidentHandler(Settings settings, ClientFactory clients) {
        this(SignalFunction.alarms(settings, clients));
    }

    public AlarmIncidentHandler(SignalPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        pipeline.handle(input, output, context == null ? null : context.getAwsRequestId());
    }
}
