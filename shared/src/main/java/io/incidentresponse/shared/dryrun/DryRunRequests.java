package io.incidentresponse.shared.dryrun;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.log.JsonLog;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkPojo;

/**
 * The requests a dry run would have sent to a target: each is logged as one JSON line (the
 * operation and the request exactly as the SDK would send it) and kept for the invocation that made
 * it, so its outcome can show it. Kept per thread: an invocation runs on one thread, and tests run
 * several invocations at once on one pipeline.
 */
public final class DryRunRequests {
    /** The {@code message} of the log line of every request a dry run did not send. */
    public static final String LOG_MESSAGE = "dry run: request not sent";

    private final JsonLog log;
    private final ThreadLocal<List<String>> pending = ThreadLocal.withInitial(ArrayList::new);

    public DryRunRequests(JsonLog log) {
        this.log = log;
    }

    /** Logs the request {@code service} {@code operation} would have been sent, and keeps it for the outcome. */
    void record(String service, String operation, SdkPojo request) {
        ObjectNode body = SdkJson.of(request);
        log.info(LOG_MESSAGE, "service", service, "operation", operation, "request", body);
        ObjectNode shown = EventJson.MAPPER.createObjectNode().put("service", service).put("operation", operation);
        shown.set("request", body);
        pending.get().add(EventJson.write(shown));
    }

    /** The requests this thread's invocation would have sent, as JSON, since the last call; forgets them. */
    public List<String> drain() {
        List<String> out = List.copyOf(pending.get());
        pending.get().clear();
        return out;
    }
}
