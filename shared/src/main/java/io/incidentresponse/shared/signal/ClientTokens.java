package io.incidentresponse.shared.signal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Idempotency tokens derived from what is being done, never random: every retry and redelivery of
 * the same signal episode sends the same token, so the service returns what it already made.
 */
public final class ClientTokens {
    private ClientTokens() {
    }

    public static String forEpisode(String key, int episode) {
        return digest("open", key, Integer.toString(episode));
    }

    public static String forUpdate(String key, int episode, String change) {
        return digest("update", key, Integer.toString(episode), change);
    }

    private static String digest(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
