package io.incidentresponse.shared.dryrun;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Ids a dry run answers with: derived from the request's client token, so a retry gets the same one. */
final class DryRunIds {
    private DryRunIds() {
    }

    static String of(String clientToken) {
        String seed = clientToken == null ? UUID.randomUUID().toString() : clientToken;
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 13).replace("-", "");
    }
}
