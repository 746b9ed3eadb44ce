package io.incidentresponse.functions.poller;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.function.PollerFunction;
import io.incidentresponse.shared.function.Priming;
import io.incidentresponse.shared.status.PollerRequests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Two triggers, one job: keep the ledger's view of every open case and incident true. The
 * schedule runs a poll of the open, due items; Security IR's own case events update their case at
 * once. Either way a status change is recorded once and announced as a {@code Case Status Changed}
 * event.
 */
public final class CasePollerHandler implements RequestStreamHandler {
    /** Without a Lambda context (tests, tools), a run may take this long. */
    private static final long DEFAULT_BUDGET_MILLIS = 60_000;

    private final PollerRequests requests;
    /** SnapStart's priming hook, held here: the checkpoint context keeps it only weakly. Null in tests. */
    private final Priming priming;

    /**
     * Lambda's constructor: reads the configuration and builds the clients once per container, and
     * registers the priming that runs before a SnapStart snapshot (a no-op without SnapStart).
     */
    public CasePollerHandler() {
        this(Settings.fromEnvironment());
    }

    private CasePollerHandler(Settings settings) {
        this(PollerFunction.create(settings, ClientFactory.fromEnvironment()), Priming.poller(settings).register());
    }

    public CasePollerHandler(Settings settings, ClientFactory clients) {
        this(PollerFunction.create(settings, clients));
    }

    public CasePollerHandler(PollerRequests requests) {
        this(requests, null);
    }

    private CasePollerHandler(PollerRequests requests, Priming priming) {
        this.requests = requests;
        this.priming = priming;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long deadline = System.currentTimeMillis() + (context == null ? DEFAULT_BUDGET_MILLIS : context.getRemainingTimeInMillis());
        requests.handle(input, output, () -> deadline - System.currentTimeMillis(), context == null ? null : context.getAwsRequestId());
    }
}
