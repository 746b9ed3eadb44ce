package io.incidentresponse.shared.ledger;

import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.signal.Watcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** How a ledger item's DynamoDB attributes map to and from {@link LedgerItem} and {@link NewClaim}. */
final class LedgerItems {
    private LedgerItems() {
    }

    /** The item a first delivery writes when it claims a signal episode. */
    static Map<String, AttributeValue> claimItem(NewClaim claim) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(claim.key()));
        item.put("episode", n(claim.episode()));
        item.put("target", s(claim.target().name()));
        item.put("state", s(TrackingState.CLAIMED.name()));
        item.put("clientToken", s(claim.clientToken()));
        item.put("owner", s(claim.owner()));
        item.put("leaseUntil", n(claim.leaseUntil().toEpochMilli()));
        item.put("occurrences", n(1));
        item.put("maxSeverity", n(claim.severity()));
        if (!claim.actorIps().isEmpty()) {
            item.put("actorIps", AttributeValue.fromSs(claim.actorIps().stream().sorted().toList()));
        }
        item.put("firstSeen", s(Times.format(claim.firstSeen())));
        item.put("lastSeen", s(Times.format(claim.lastSeen())));
        item.put("createdAt", s(Times.format(claim.now())));
        item.put("updatedAt", s(Times.format(claim.now())));
        item.put("version", n(1));
        item.put("source", s(claim.source()));
        item.put("kind", s(claim.kind()));
        item.put("account", s(claim.account()));
        item.put("region", s(claim.region()));
        item.put("title", s(claim.title()));
        if (claim.watchers() != null) {
            item.put("watchers", watchers(claim.watchers()));
        }
        return item;
    }

    /** A list of maps, each {email, name, jobTitle} with the members the watcher has. */
    static AttributeValue watchers(List<Watcher> watchers) {
        List<AttributeValue> list = new ArrayList<>();
        for (Watcher watcher : watchers) {
            Map<String, AttributeValue> map = new HashMap<>();
            map.put("email", s(watcher.email()));
            if (watcher.name() != null) {
                map.put("name", s(watcher.name()));
            }
            if (watcher.jobTitle() != null) {
                map.put("jobTitle", s(watcher.jobTitle()));
            }
            list.add(AttributeValue.fromM(map));
        }
        return AttributeValue.fromL(list);
    }

    static List<Watcher> watchers(AttributeValue value) {
        if (value == null || !value.hasL()) {
            return null;
        }
        List<Watcher> out = new ArrayList<>();
        for (AttributeValue entry : value.l()) {
            Map<String, AttributeValue> map = entry.m();
            out.add(new Watcher(text(map, "email", null), text(map, "name", null), text(map, "jobTitle", null)));
        }
        return out;
    }

    /**
     * @param prefix what the item's key starts with beyond the signal's (a dry run's), taken off;
     *               the case id is {@code externalId}, or {@code externalRef} for an item kept out
     *               of the by-external-id index (a dry run's, a group member's)
     */
    static LedgerItem fromItem(Map<String, AttributeValue> item, String prefix) {
        String pk = item.get("pk").s();
        return new LedgerItem(
                pk.startsWith(prefix) ? pk.substring(prefix.length()) : pk,
                Integer.parseInt(item.get("episode").n()),
                Target.valueOf(text(item, "target", Target.SECURITY_IR.name())),
                TrackingState.valueOf(text(item, "state", TrackingState.CLAIMED.name())),
                text(item, "externalId", text(item, "externalRef", null)),
                text(item, "externalStatus", null),
                text(item, "clientToken", null),
                text(item, "owner", null),
                item.containsKey("leaseUntil") ? Instant.ofEpochMilli(Long.parseLong(item.get("leaseUntil").n())) : null,
                number(item, "occurrences"),
                item.containsKey("maxSeverity") ? Double.parseDouble(item.get("maxSeverity").n()) : 0.0,
                item.containsKey("actorIps") ? new HashSet<>(item.get("actorIps").ss()) : Set.of(),
                instant(item, "firstSeen"),
                instant(item, "lastSeen"),
                instant(item, "createdAt"),
                instant(item, "updatedAt"),
                instant(item, "closedAt"),
                number(item, "version"),
                text(item, "pendingAction", null),
                text(item, "closureCode", null),
                text(item, "statusFingerprint", null),
                instant(item, "lastChangedAt"),
                text(item, "announcement", null),
                instant(item, "announcementAt"),
                text(item, "title", null),
                text(item, "kind", null),
                watchers(item.get("watchers")),
                text(item, "groupKey", null));
    }

    static String text(Map<String, AttributeValue> item, String name, String fallback) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? fallback : value.s();
    }

    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = text(item, name, null);
        return value == null ? null : Instant.parse(value);
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue n(double value) {
        return AttributeValue.fromN(Double.toString(value));
    }
}
