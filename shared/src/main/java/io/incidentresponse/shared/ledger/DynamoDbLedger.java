package io.incidentresponse.shared.ledger;

import static io.incidentresponse.shared.ledger.LedgerItems.n;
import static io.incidentresponse.shared.ledger.LedgerItems.s;

import io.incidentresponse.shared.signal.ExternalStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The ledger in one DynamoDB table: partition key {@code pk} (the signal key), sort key
 * {@code episode}. Open items carry {@code pollShard} and {@code nextPollAt}, the keys of the sparse
 * index {@code open-by-due} the poller queries; claimed and closed items do not. How an item's
 * attributes map to a {@link LedgerItem} is {@link LedgerItems}'. (Longer than most classes: one
 * method per operation of the {@link Ledger} contract, each one conditional DynamoDB call.)
 */
public final class DynamoDbLedger implements Ledger {
    public static final String OPEN_INDEX = "open-by-due";
    public static final String EXTERNAL_ID_INDEX = "by-external-id";
    public static final int POLL_SHARDS = 4;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<LedgerItem> claim(NewClaim claim) {
        Map<String, AttributeValue> item = LedgerItems.claimItem(claim);
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            if (e.hasItem() && !e.item().isEmpty()) {
                return Optional.of(LedgerItems.fromItem(e.item()));
            }
            return Optional.of(get(claim.key(), claim.episode()).orElseThrow(() -> new IllegalStateException(
                    "ledger item " + claim.key() + " blocked the claim but cannot be read")));
        }
    }

    @Override
    public Optional<LedgerItem> get(String key, int episode) {
        GetItemResponse response = dynamo.getItem(r -> r.tableName(table).key(key(key, episode)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(LedgerItems.fromItem(response.item())) : Optional.empty();
    }

    @Override
    public Optional<LedgerItem> latest(String key) {
        var response = dynamo.query(r -> r.tableName(table).consistentRead(true).scanIndexForward(false).limit(1)
                .keyConditionExpression("pk = :pk AND episode >= :first")
                .expressionAttributeValues(Map.of(":pk", s(key), ":first", n(1))));
        return response.items().isEmpty() ? Optional.empty() : Optional.of(LedgerItems.fromItem(response.items().get(0)));
    }

    @Override
    public boolean close(String key, int episode, String externalStatus, Instant closedAt, Instant expiresAt, String announcement) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":closed", s(TrackingState.CLOSED.name()), ":status", s(externalStatus),
                ":closedAt", s(Times.format(closedAt)), ":expires", n(expiresAt.getEpochSecond()), ":one", n(1),
                ":open", s(TrackingState.OPEN.name())));
        String expression = "SET #state = :closed, externalStatus = :status, statusFingerprint = :status, closedAt = :closedAt,"
                + " updatedAt = :closedAt, expiresAt = :expires, version = version + :one";
        if (announcement == null) {
            expression += " REMOVE pollShard, nextPollAt";
        } else {
            // Recorded long enough ago that the next poll run publishes it without waiting for a lease.
            expression += ", announcement = :announcement, announcementAt = :recorded, nextPollAt = :due";
            values.put(":announcement", s(announcement));
            values.put(":recorded", s(Times.format(closedAt.minus(java.time.Duration.ofDays(1)))));
            values.put(":due", n(closedAt.getEpochSecond()));
        }
        return update(key, episode, expression, "#state = :open", values);
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
        return response.hasItem() ? Optional.ofNullable(LedgerItems.instant(response.item(), "lastRecoveredAt")) : Optional.empty();
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
    public boolean opened(String key, int episode, String externalId, String initialStatus, Instant now, Instant nextPollAt,
                          String announcement) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":open", s(TrackingState.OPEN.name()), ":id", s(externalId),
                ":now", s(Times.format(now)), ":status", s(initialStatus),
                ":fingerprint", s(ExternalStatus.fingerprint(initialStatus, null, null)),
                ":shard", s(shard(key)), ":due", n(nextPollAt.getEpochSecond()), ":one", n(1),
                ":claimed", s(TrackingState.CLAIMED.name())));
        String pending = "";
        if (announcement != null) {
            pending = " announcement = :announcement, announcementAt = :now,";
            values.put(":announcement", s(announcement));
        }
        return update(key, episode,
                "SET #state = :open, externalId = :id, externalStatus = :status, statusFingerprint = :fingerprint,"
                        + " updatedAt = :now, openedAt = :now, lastChangedAt = :now, pollShard = :shard," + pending
                        + " nextPollAt = :due, version = version + :one REMOVE leaseUntil, #owner",
                "#state = :claimed", values);
    }

    @Override
    public int countOpen() {
        int count = 0;
        for (int shard = 0; shard < POLL_SHARDS; shard++) {
            String name = "open#" + shard;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                var response = dynamo.query(r -> r.tableName(table).indexName(OPEN_INDEX).select(Select.COUNT)
                        .keyConditionExpression("pollShard = :shard").expressionAttributeValues(Map.of(":shard", s(name)))
                        .exclusiveStartKey(from));
                count += response.count();
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return count;
    }

    @Override
    public DuePage due(String shard, Instant now, int limit, DuePage.Cursor after) {
        var response = dynamo.query(r -> {
            r.tableName(table).indexName(OPEN_INDEX).limit(limit)
                    .keyConditionExpression("pollShard = :shard AND nextPollAt <= :now")
                    .expressionAttributeValues(Map.of(":shard", s(shard), ":now", n(now.getEpochSecond())));
            if (after != null) {
                r.exclusiveStartKey(Map.of("pk", s(after.pk()), "episode", n(after.episode()),
                        "pollShard", s(after.shard()), "nextPollAt", n(after.nextPollAt())));
            }
        });
        List<LedgerItem> items = response.items().stream().map(LedgerItems::fromItem).toList();
        DuePage.Cursor next = null;
        if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
            var last = response.lastEvaluatedKey();
            next = new DuePage.Cursor(last.get("pk").s(), Integer.parseInt(last.get("episode").n()), last.get("pollShard").s(),
                    Long.parseLong(last.get("nextPollAt").n()));
        }
        Instant firstDue = response.items().isEmpty() || !response.items().get(0).containsKey("nextPollAt") ? null
                : Instant.ofEpochSecond(Long.parseLong(response.items().get(0).get("nextPollAt").n()));
        return new DuePage(items, next, response.count(), firstDue);
    }

    @Override
    public Optional<LedgerItem> findByExternalId(String externalId) {
        var response = dynamo.query(r -> r.tableName(table).indexName(EXTERNAL_ID_INDEX).limit(1)
                .keyConditionExpression("externalId = :id").expressionAttributeValues(Map.of(":id", s(externalId))));
        if (response.items().isEmpty()) {
            return Optional.empty();
        }
        var keys = response.items().get(0);
        return get(keys.get("pk").s(), Integer.parseInt(keys.get("episode").n()));
    }

    @Override
    public boolean recordPoll(LedgerItem item, Instant polledAt, Instant nextPollAt) {
        return update(item.key(), item.episode(), "SET polledAt = :polled, nextPollAt = :due",
                "#state = :open AND attribute_exists(pollShard)",
                Map.of(":polled", s(Times.format(polledAt)), ":due", n(nextPollAt.getEpochSecond()),
                        ":open", s(TrackingState.OPEN.name())));
    }

    @Override
    public boolean recordStatus(LedgerItem item, ExternalStatus status, String announcement, Instant now, Instant nextPollAt,
                                Instant expiresAt) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", s(status.status()));
        values.put(":fingerprint", s(status.fingerprint()));
        values.put(":now", s(Times.format(now)));
        values.put(":announcement", s(announcement));
        values.put(":due", n(nextPollAt.getEpochSecond()));
        values.put(":one", n(1));
        values.put(":open", s(TrackingState.OPEN.name()));
        StringBuilder set = new StringBuilder("SET externalStatus = :status, statusFingerprint = :fingerprint, polledAt = :now,"
                + " updatedAt = :now, lastChangedAt = :now, announcement = :announcement, announcementAt = :now,"
                + " nextPollAt = :due, version = version + :one");
        List<String> remove = new java.util.ArrayList<>();
        optional(set, remove, values, "pendingAction", status.pendingAction());
        optional(set, remove, values, "closureCode", status.closureCode());
        if (status.closed()) {
            set.append(", #state = :closed, closedAt = :closedAt, expiresAt = :expires");
            values.put(":closed", s(TrackingState.CLOSED.name()));
            values.put(":closedAt", s(Times.format(status.closedAt() != null ? status.closedAt() : now)));
            values.put(":expires", n(expiresAt.getEpochSecond()));
        }
        String condition = "#state = :open AND ";
        if (item.statusFingerprint() == null) {
            condition += "attribute_not_exists(statusFingerprint)";
        } else {
            condition += "statusFingerprint = :old";
            values.put(":old", s(item.statusFingerprint()));
        }
        String expression = set + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        return update(item.key(), item.episode(), expression, condition, values);
    }

    @Override
    public void announced(String key, int episode, Instant announcementAt) {
        // A closed item stays in the index only until its closing is announced.
        if (!update(key, episode, "REMOVE announcement, announcementAt, pollShard, nextPollAt",
                "#state <> :open AND announcementAt = :at",
                Map.of(":open", s(TrackingState.OPEN.name()), ":at", s(Times.format(announcementAt))))) {
            update(key, episode, "REMOVE announcement, announcementAt", "announcementAt = :at",
                    Map.of(":at", s(Times.format(announcementAt))));
        }
    }

    private static void optional(StringBuilder set, List<String> remove, Map<String, AttributeValue> values, String name, String value) {
        if (value == null) {
            remove.add(name);
        } else {
            set.append(", ").append(name).append(" = :").append(name);
            values.put(":" + name, s(value));
        }
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
}
