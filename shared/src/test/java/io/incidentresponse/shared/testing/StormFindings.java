package io.incidentresponse.shared.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.event.EventJson;
import java.util.UUID;

/**
 * Findings of a storm: the SSH brute-force sample made into the {@code n}th of many, each its own
 * finding (id, event id) on its own instance, from a remote address and at a severity of the test's choosing.
 */
public final class StormFindings {
    private static final String SSH = "guardduty/ec2-ssh-brute-force.json";

    private StormFindings() {
    }

    /** The {@code n}th finding of type {@code type} in {@code account}, from {@code ip}, at {@code severity}. */
    public static String finding(int n, String type, String account, String ip, double severity) {
        ObjectNode event = SampleEvents.tree(SSH);
        event.put("id", UUID.nameUUIDFromBytes(("event-" + type + account + n).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        event.put("account", account);
        ObjectNode detail = (ObjectNode) event.get("detail");
        String id = findingId(type, account, n);
        detail.put("id", id);
        detail.put("accountId", account);
        detail.put("type", type);
        detail.put("severity", severity);
        detail.put("arn", "arn:aws:guardduty:us-east-1:" + account + ":detector/d04ad45f8d342e220f55255275b7784a/finding/" + id);
        ((ObjectNode) detail.at("/resource/instanceDetails")).put("instanceId", String.format("i-%017x", n));
        ((ObjectNode) detail.at("/service/action/networkConnectionAction/remoteIpDetails")).put("ipAddressV4", ip);
        return EventJson.write(event);
    }

    /** The finding as GuardDuty reports it when first seen at {@code at}: created, updated, first and last seen then. */
    public static String seenAt(String event, java.time.Instant at) {
        try {
            ObjectNode tree = (ObjectNode) EventJson.MAPPER.readTree(event);
            ObjectNode detail = (ObjectNode) tree.get("detail");
            tree.put("time", at.toString());
            detail.put("createdAt", at.toString()).put("updatedAt", at.toString());
            ((ObjectNode) detail.get("service")).put("eventFirstSeen", at.toString()).put("eventLastSeen", at.toString()).put("count", 1);
            return EventJson.write(tree);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The finding id of {@link #finding}'s {@code n}th: 32 hex digits, as GuardDuty's. */
    public static String findingId(String type, String account, int n) {
        return String.format("%024x", (long) (type + account).hashCode() & 0xffffffffL) + String.format("%08x", n);
    }

    /** The finding id of {@link #ssh}'s {@code n}th. */
    public static String findingId(int n) {
        return findingId("UnauthorizedAccess:EC2/SSHBruteForce", "123456789012", n);
    }

    /** The {@code n}th SSH brute-force finding in account 123456789012, at High (8.0), from 198.51.100.(n mod 250 + 1). */
    public static String ssh(int n) {
        return finding(n, "UnauthorizedAccess:EC2/SSHBruteForce", "123456789012", "198.51.100." + (n % 250 + 1), 8.0);
    }

    /** The {@code n}th of many unrelated findings: each its own type and instance, in its own account. */
    public static String unrelated(int n, double severity) {
        return finding(n, "UnauthorizedAccess:EC2/SSHBruteForce", String.format("%012d", 100_000_000_000L + n),
                "203.0.113." + (n % 250 + 1), severity);
    }
}
