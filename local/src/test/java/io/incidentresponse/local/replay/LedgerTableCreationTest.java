package io.incidentresponse.local.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.incidentresponse.local.dynamodb.LedgerTableDefinition;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;

/** Several replays may start at once against one DynamoDB endpoint: whoever creates the table, all go on. */
class LedgerTableCreationTest {
    private static final LedgerTableDefinition DEFINITION = LedgerTableDefinition.fromClasspath();
    private static final Duration POLL = Duration.ofMillis(1);

    /** DynamoDB as one replay sees it: table states in the order DescribeTable returns them. */
    private static final class Endpoint implements DynamoDbClient {
        final Deque<Object> describes = new ArrayDeque<>();
        final List<String> calls = new ArrayList<>();
        RuntimeException createFails;

        @Override
        public DescribeTableResponse describeTable(DescribeTableRequest request) {
            calls.add("DescribeTable");
            Object next = describes.size() > 1 ? describes.poll() : describes.peek();
            if (next instanceof RuntimeException e) {
                throw e;
            }
            return DescribeTableResponse.builder().table(t -> t.tableName(request.tableName()).tableStatus((TableStatus) next)).build();
        }

        @Override
        public CreateTableResponse createTable(CreateTableRequest request) {
            calls.add("CreateTable");
            if (createFails != null) {
                throw createFails;
            }
            return CreateTableResponse.builder().build();
        }

        @Override
        public UpdateTimeToLiveResponse updateTimeToLive(UpdateTimeToLiveRequest request) {
            calls.add("UpdateTimeToLive");
            return UpdateTimeToLiveResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }

    private static ResourceNotFoundException missing() {
        return ResourceNotFoundException.builder().message("Requested resource not found").build();
    }

    @Test
    void theReplayThatCreatesTheTableWaitsForItAndTurnsOnItsTimeToLive() {
        // given no table yet; once created it is CREATING, then ACTIVE
        Endpoint dynamo = new Endpoint();
        dynamo.describes.addAll(List.of(missing(), TableStatus.CREATING, TableStatus.ACTIVE));

        // when
        LocalServices.ensureTable(dynamo, DEFINITION, "ledger", POLL, Duration.ofSeconds(5));

        // then
        assertEquals(List.of("DescribeTable", "CreateTable", "DescribeTable", "DescribeTable", "UpdateTimeToLive"), dynamo.calls);
    }

    @Test
    void losingTheRaceToCreateIsFineAndTheWinnersTableIsWaitedFor() {
        // given another replay creates the table between our look and our CreateTable
        Endpoint dynamo = new Endpoint();
        dynamo.describes.addAll(List.of(missing(), TableStatus.CREATING, TableStatus.ACTIVE));
        dynamo.createFails = ResourceInUseException.builder().message("Table already exists: ledger").build();

        // when
        LocalServices.ensureTable(dynamo, DEFINITION, "ledger", POLL, Duration.ofSeconds(5));

        // then we waited for it, and left its time to live to the replay that made it
        assertEquals(List.of("DescribeTable", "CreateTable", "DescribeTable", "DescribeTable"), dynamo.calls);
    }

    @Test
    void aTableThatExistsIsOnlyWaitedFor() {
        // given
        Endpoint dynamo = new Endpoint();
        dynamo.describes.add(TableStatus.ACTIVE);

        // when
        LocalServices.ensureTable(dynamo, DEFINITION, "ledger", POLL, Duration.ofSeconds(5));

        // then
        assertEquals(List.of("DescribeTable", "DescribeTable"), dynamo.calls);
    }

    @Test
    void aTableThatNeverBecomesActiveFailsInsteadOfWaitingForever() {
        // given
        Endpoint dynamo = new Endpoint();
        dynamo.describes.add(TableStatus.CREATING);

        // when, then
        assertThrows(SdkException.class, () -> LocalServices.ensureTable(dynamo, DEFINITION, "ledger", POLL, Duration.ofMillis(50)));
    }
}
