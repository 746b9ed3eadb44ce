package io.incidentresponse.shared.ledger;

import static io.incidentresponse.shared.ledger.LedgerItems.n;
import static io.incidentresponse.shared.ledger.LedgerItems.s;

import io.incidentresponse.shared.signal.ClientTokens;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The ledger's storm-control writes, beside {@link DynamoDbLedger}'s tracking ones: an hour's
 * new-case budget and the members of a group, each one conditional DynamoDB call (or transaction).
 */
final class LedgerGroups {
    /** Members are kept as digests of this many hex digits: 10,000 of them stay far below DynamoDB's 400 KB item. */
    private static final int MEMBER_DIGITS = 16;

    private final DynamoDbClient dynamo;
    private final String table;

    LedgerGroups(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * The budget is one item whose {@code members} set holds a digest of every member given a
     * place: adding one is conditional on the set having room or holding it already, so the count
     * is exact under any concurrency, and a retry of the same member takes no second place.
     */
    boolean takeBudget(Map<String, AttributeValue> key, String member, int limit, Instant expiresAt) {
        String id = ClientTokens.forUpdate(member, 0, "budget").substring(0, MEMBER_DIGITS);
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key)
                    .updateExpression("ADD members :member SET expiresAt = :expires")
                    .conditionExpression("attribute_not_exists(members) OR size(members) < :limit OR contains(members, :id)")
                    .expressionAttributeValues(Map.of(":member", AttributeValue.fromSs(List.of(id)), ":id", s(id),
                            ":limit", n(limit), ":expires", n(expiresAt.getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * The member's item CLAIMED -> OPEN with the case id as {@code externalRef} (kept out of the
     * by-external-id index, which must lead a case event to the group's own item) and its group;
     * counted, the group's {@code occurrences} + 1 in the same transaction, so a member is counted
     * exactly when it joins, once.
     */
    boolean join(Map<String, AttributeValue> member, Map<String, AttributeValue> group, String groupKey, String externalId,
                 Instant now, Instant expiresAt, boolean counted) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":open", s(TrackingState.OPEN.name()), ":id", s(externalId),
                ":group", s(groupKey), ":now", s(Times.format(now)), ":one", n(1), ":claimed", s(TrackingState.CLAIMED.name())));
        String expression = "SET #state = :open, externalRef = :id, groupKey = :group, updatedAt = :now, openedAt = :now,"
                + " version = version + :one";
        if (expiresAt != null) {
            expression += ", expiresAt = :expires";
            values.put(":expires", n(expiresAt.getEpochSecond()));
        }
        Update joined = Update.builder().tableName(table).key(member).updateExpression(expression + " REMOVE leaseUntil, #owner")
                .conditionExpression("#state = :claimed").expressionAttributeNames(Map.of("#state", "state", "#owner", "owner"))
                .expressionAttributeValues(values).build();
        try {
            if (!counted) {
                dynamo.updateItem(r -> r.tableName(table).key(member).updateExpression(joined.updateExpression())
                        .conditionExpression(joined.conditionExpression()).expressionAttributeNames(joined.expressionAttributeNames())
                        .expressionAttributeValues(joined.expressionAttributeValues()));
                return true;
            }
            Update count = Update.builder().tableName(table).key(group).updateExpression("SET updatedAt = :now ADD occurrences :one")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":now", s(Times.format(now)), ":one", n(1))).build();
            dynamo.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().update(joined).build(),
                    TransactWriteItem.builder().update(count).build()));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                return false;
            }
            throw e;
        }
    }
}
