package io.incidentresponse.functions.alarm;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.function.Priming;
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
    /** SnapStart's priming hook, held here: the checkpoint context keeps it only weakly. Null in tests. */
    private final Priming priming;

    /**
     * Lambda's constructor: reads the configuration and builds the clients once per container, and
     * registers the priming that runs before a SnapStart snapshot (a no-op without SnapStart).
     */
    public AlarmIncidentHandler() {
        this(Settings.fromEnvironment());
    }

    private AlarmIncidentHandler(Settings settings) {
        this(SignalFunction.alarms(settings, ClientFactory.fromEnvironment()), Priming.alarms(settings).register());
    }

    public AlarmIncidentHandler(Settings settings, ClientFactory clients) {
        this(SignalFunction.alarms(settings, clients));
    }

    public AlarmIncidentHandler(SignalPipeline pipeline) {
        this(pipeline, null);
    }

    private AlarmIncidentHandler(SignalPipeline pipeline, Priming priming) {
        this.pipeline = pipeline;
        this.priming = priming;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        pipeline.handle(input, output, context == null ? null : context.getAwsRequestId());
    }
}
