package io.incidentresponse.local.emulator;

import java.util.Map;

/** An HTTP answer, plus the service and operation it answered (for per-operation latency). */
record Reply(String service, String operation, int status, Map<String, String> headers, byte[] body) {
    Reply {
        headers = Map.copyOf(headers);
    }
}
