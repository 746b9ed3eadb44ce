package io.incidentresponse.shared.ledger;

import io.incidentresponse.shared.routing.Target;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The ledger in one DynamoDB table: partition key {@code pk} (the signal key), sort key
 * {@code episode}. Open items carry {@code pollShard} and {@code nextPollAt}, the keys of the sparse
 * index {@code open-by-due} the poller queries; claimed and closed items do not.
 */
public final class DynamoDbLedger implements Ledger {
    public static final String OPEN_INDEX = "open-by-due";
    public static final int POLL_SHARDS = 4;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<LedgerItem> claim(NewClaim claim) {
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
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            if (e.hasItem() && !e.item().isEmpty()) {
                return Optional.of(fromItem(e.item()));
            }
            return Optional.of(get(claim.key(), claim.episode()).orElseThrow(() -> new IllegalStateException(
                    "ledger item " + claim.key() + " blocked the claim but cannot be read")));
        }
    }

    @Override
    public Optional<LedgerItem> get(String key, int episode) {
        GetItemResponse response = dynamo.getItem(r -> r.tableName(table).key(key(key, episode)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(fromItem(response.item())) : Optional.empty();
    }

    @Override
    public Optional<LedgerItem> latest(String key) {
        var response = dynamo.query(r -> r.tableName(table).consistentRead(true).scanIndexForward(false).limit(1)
                .keyConditionExpression("pk = :pk AND episode >= :first")
                .expressionAttributeValues(Map.of(":pk", s(key), ":first", n(1))));
        return response.items().isEmpty() ? Optional.empty() : Optional.of(fromItem(response.items().get(0)));
    }

    @Override
    public boolean close(String key, int episode, String externalStatus, Instant closedAt, Instant expiresAt) {
        return update(key, episode,
                "SET #state = :closed, externalStatus = :status, closedAt = :closedAt, updatedAt = :closedAt,"
                        + " expiresAt = :expires, version = version + :one REMOVE pollShard, nextPollAt",
                "#state = :open",
                Map.of(":closed", s(TrackingState.CLOSED.name()), ":status", s(externalStatus), ":closedAt", s(Times.format(closedAt)),
                        ":expires", n(expiresAt.getEpochSecond()), ":one", n(1), ":open", s(TrackingState.OPEN.name())));
    }

    /** Episode 0 of a key holds what is known of the signal between episodes. */
    @Override
    public void recordRecovery(String key, Instant at) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(key, 0))
                    .updateExpression("SET lastRecoveredAt = :at")
                    .conditionExpression("attribute_not_exists(lastRecoveredAt) OR lastRecoveredAt < :at")
                    .expressionAttributeValues(Map.of(":at", s(Times.format(at)))));
        } catch (ConditionalCheckFailedException e) {
            // a later recovery is already recorded
        }
    }

    @Override
    public Optional<Instant> lastRecovery(String key) {
        GetItemResponse response = dynamo.getItem(r -> r.tableName(table).key(key(key, 0)).consistentRead(true));
        return response.hasItem() ? Optional.ofNullable(instant(response.item(), "lastRecoveredAt")) : Optional.empty();
    }

    @Override
    public boolean takeOver(LedgerItem stale, String owner, Instant now, Instant leaseUntil) {
        return update(stale.key(), stale.episode(),
                "SET #owner = :owner, leaseUntil = :lease, updatedAt = :now, version = version + :one",
                "#state = :claimed AND version = :version",
                Map.of(":owner", s(owner), ":lease", n(leaseUntil.toEpochMilli()), ":now", s(Times.format(now)),
                        ":one", n(1), ":claimed", s(TrackingState.CLAIMED.name()), ":version", n(stale.version())));
    }

    @Override
    public void release(String key, int episode, String owner, Instant now) {
        update(key, episode, "SET leaseUntil = :lease, updatedAt = :now, version = version + :one",
                "#state = :claimed AND #owner = :owner",
                Map.of(":lease", n(now.toEpochMilli()), ":now", s(Times.format(now)), ":one", n(1),
                        ":claimed", s(TrackingState.CLAIMED.name()), ":owner", s(owner)));
    }

    @Override
    public boolean opened(String key, int episode, String externalId, Instant now, Instant nextPollAt) {
        return update(key, episode,
                "SET #state = :open, externalId = :id, updatedAt = :now, openedAt = :now, pollShard = :shard,"
                        + " nextPollAt = :due, version = version + :one REMOVE leaseUntil, #owner",
                "#state = :claimed",
                Map.of(":open", s(TrackingState.OPEN.name()), ":id", s(externalId), ":now", s(Times.format(now)),
                        ":shard", s(shard(key)), ":due", n(nextPollAt.getEpochSecond()), ":one", n(1),
                        ":claimed", s(TrackingState.CLAIMED.name())));
    }

    @Override
    public long recordOccurrence(String key, int episode, Instant now, Set<String> newActorIps) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":one", n(1), ":now", s(Times.format(now))));
        String expression = "SET updatedAt = :now, version = version + :one ADD occurrences :one";
        if (!newActorIps.isEmpty()) {
            expression += ", actorIps :ips";
            values.put(":ips", AttributeValue.fromSs(newActorIps.stream().sorted().toList()));
        }
        String update = expression;
        var response = dynamo.updateItem(r -> r.tableName(table).key(key(key, episode))
                .updateExpression(update)
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.UPDATED_NEW));
        return Long.parseLong(response.attributes().get("occurrences").n());
    }

    @Override
    public void raiseHighWaterMarks(String key, int episode, double severity, Instant lastSeen) {
        update(key, episode, "SET maxSeverity = :severity", "maxSeverity < :severity", Map.of(":severity", n(severity)));
        if (lastSeen != null) {
            // Fixed-width timestamps compare as strings in time order.
            update(key, episode, "SET lastSeen = :lastSeen", "(attribute_not_exists(lastSeen) OR lastSeen < :lastSeen)",
                    Map.of(":lastSeen", s(Times.format(lastSeen))));
        }
    }

    /** Spreads open items over a few index partitions so no single one runs hot. */
    static String shard(String key) {
        return "open#" + Math.floorMod(key.hashCode(), POLL_SHARDS);
    }

    private boolean update(String key, int episode, String expression, String condition, Map<String, AttributeValue> values) {
        Map<String, String> names = new HashMap<>();
        if (expression.contains("#state") || condition.contains("#state")) {
            names.put("#state", "state");
        }
        if (expression.contains("#owner") || condition.contains("#owner")) {
            names.put("#owner", "owner");
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(key, episode))
                    .updateExpression(expression)
                    .conditionExpression("attribute_exists(pk) AND " + condition)
                    .expressionAttributeNames(names.isEmpty() ? null : names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String key, int episode) {
        return Map.of("pk", s(key), "episode", n(episode));
    }

    static LedgerItem fromItem(Map<String, AttributeValue> item) {
        return new LedgerItem(
                item.get("pk").s(),
                Integer.parseInt(item.get("episode").n()),
                Target.valueOf(text(item, "target", Target.SECURITY_IR.name())),
                TrackingState.valueOf(text(item, "state", TrackingState.CLAIMED.name())),
                text(item, "externalId", null),
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
                number(item, "version"));
    }

    private static String text(Map<String, AttributeValue> item, String name, String fallback) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? fallback : value.s();
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = text(item, name, null);
        return value == null ? null : Instant.parse(value);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue n(double value) {
        return AttributeValue.fromN(Double.toString(value));
    }
}
