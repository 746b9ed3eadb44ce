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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The ledger's storm-control writes, beside {@link DynamoDbLedger}'s tracking ones: an hour's
 * new-case budget and the members of a group, each one conditional DynamoDB call.
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
     * by-external-id index, which must lead a case event to the group's own item) and its group.
     * (Not one transaction with the group's count: a transaction costs twice the writes, and the
     * local engine copies the whole table for each one. A crash between the two leaves the count
     * one short, never one over; the member's comment is on the case either way.)
     */
    boolean join(Map<String, AttributeValue> member, String groupKey, String externalId, Instant now, Instant expiresAt) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":open", s(TrackingState.OPEN.name()), ":id", s(externalId),
                ":group", s(groupKey), ":now", s(Times.format(now)), ":one", n(1), ":claimed", s(TrackingState.CLAIMED.name())));
        String expression = "SET #state = :open, externalRef = :id, groupKey = :group, updatedAt = :now, openedAt = :now,"
                + " version = version + :one";
        if (expiresAt != null) {
            expression += ", expiresAt = :expires";
            values.put(":expires", n(expiresAt.getEpochSecond()));
        }
        String update = expression + " REMOVE leaseUntil, #owner";
        try {
            dynamo.updateItem(r -> r.tableName(table).key(member).updateExpression(update).conditionExpression("#state = :claimed")
                    .expressionAttributeNames(Map.of("#state", "state", "#owner", "owner")).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
