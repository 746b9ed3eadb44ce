package io.incidentresponse.functions.guardduty;

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
 * EventBridge "GuardDuty Finding" events in, Security IR cases out (or, by routing rule, Incident
 * Manager incidents). A malformed event fails the invocation before anything is written, so
 * Lambda's retries and then the failure destination keep it.
 */
public final class GuardDutyFindingHandler implements RequestStreamHandler {
    private final SignalPipeline pipeline;
    /** SnapStart's priming hook, held here: the checkpoint context keeps it only weakly. Null in tests. */
    private final Priming priming;

    /**
     * Lambda's constructor: reads the configuration and builds the clients once per container, and
     * registers the priming that runs before a SnapStart snapshot (a no-op without SnapStart).
     */
    public GuardDutyFindingHandler() {
        this(Settings.fromEnvironment());
    }

    private GuardDutyFindingHandler(Settings settings) {
        this(SignalFunction.findings(settings, ClientFactory.fromEnvironment()), Priming.findings(settings).register());
    }

    public GuardDutyFindingHandler(Settings settings, ClientFactory clients) {
        this(SignalFunction.findings(settings, clients));
    }

    public GuardDutyFindingHandler(SignalPipeline pipeline) {
        this(pipeline, null);
    }

    private GuardDutyFindingHandler(SignalPipeline pipeline, Priming priming) {
        this.pipeline = pipeline;
        this.priming = priming;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        pipeline.handle(input, output, context == null ? null : context.getAwsRequestId());
    }
}
