package io.incidentresponse.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.local.template.SamTemplate;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * The ledger table as the SAM template ({@code template.yaml}, the source of truth) defines it:
 * the {@value #LEDGER_RESOURCE} resource's keys, attribute definitions, secondary indexes, billing
 * mode, stream and time to live, turned into DynamoDB requests.
 *
 * <p>Properties with no meaning for a local table (TableName, SSESpecification,
 * PointInTimeRecoverySpecification, Tags, DeletionProtectionEnabled, ...) are ignored; the table
 * name is the caller's. CloudFormation short-form tags ({@code !Ref}, {@code !Sub},
 * {@code !GetAtt}, ...) elsewhere in the template are read as the plain value they tag; a tagged
 * value inside a property read here is taken literally, which fails for anything but a scalar.
 */
public final class LedgerTableDefinition {

    /** Logical id of the ledger table in template.yaml. */
    public static final String LEDGER_RESOURCE = "LedgerTable";

    private static final String TABLE_TYPE = "AWS::DynamoDB::Table";

    private final List<AttributeDefinition> attributeDefinitions;
    private final List<KeySchemaElement> keySchema;
    private final List<GlobalSecondaryIndex> globalSecondaryIndexes;
    private final List<LocalSecondaryIndex> localSecondaryIndexes;
    private final BillingMode billingMode;
    private final ProvisionedThroughput provisionedThroughput;
    private final StreamSpecification streamSpecification;
    private final TimeToLiveSpecification timeToLive;

    private LedgerTableDefinition(JsonNode properties) {
        this.billingMode = billingMode(properties);
        boolean provisioned = billingMode == BillingMode.PROVISIONED;
        this.attributeDefinitions = list(properties, "AttributeDefinitions", true, LedgerTableDefinition::attribute);
        this.keySchema = keySchema(properties, "KeySchema");
        this.provisionedThroughput = provisioned ? throughput(properties) : null;
        this.globalSecondaryIndexes = list(properties, "GlobalSecondaryIndexes", false, index ->
                GlobalSecondaryIndex.builder()
                        .indexName(text(index, "IndexName"))
                        .keySchema(keySchema(index, "KeySchema"))
                        .projection(projection(index))
                        .provisionedThroughput(provisioned ? throughput(index) : null)
                        .build());
        this.localSecondaryIndexes = list(properties, "LocalSecondaryIndexes", false, index ->
                LocalSecondaryIndex.builder()
                        .indexName(text(index, "IndexName"))
                        .keySchema(keySchema(index, "KeySchema"))
                        .projection(projection(index))
                        .build());
        this.streamSpecification = optionalWithin(properties, "StreamSpecification", stream ->
                StreamSpecification.builder()
                        .streamEnabled(true)
                        .streamViewType(enumValue(stream, "StreamViewType", StreamViewType::fromValue))
                        .build())
                .orElse(null);
        this.timeToLive = optionalWithin(properties, "TimeToLiveSpecification", ttl ->
                TimeToLiveSpecification.builder()
                        .attributeName(text(ttl, "AttributeName"))
                        .enabled(bool(ttl, "Enabled"))
                        .build())
                .orElse(null);
    }

    /** The ledger table of the template.yaml that the build bundled into this module. */
    public static LedgerTableDefinition fromClasspath() {
        return from(SamTemplate.bundled());
    }

    /**
     * Parses a template and extracts the {@value #LEDGER_RESOURCE} resource.
     *
     * @param source what to call the template in error messages
     * @throws IllegalArgumentException if the template has no {@value #LEDGER_RESOURCE} table or
     *     one this class cannot read
     */
    public static LedgerTableDefinition parse(InputStream template, String source) {
        return from(SamTemplate.parse(template, source));
    }

    public static LedgerTableDefinition from(SamTemplate template) {
        String source = template.source();
        JsonNode root = template.root();
        JsonNode resources = root.path("Resources");
        JsonNode ledger = resources.path(LEDGER_RESOURCE);
        if (!ledger.isObject()) {
            List<String> names = new ArrayList<>();
            resources.fieldNames().forEachRemaining(names::add);
            throw new IllegalArgumentException(source + " has no resource " + LEDGER_RESOURCE
                    + " under Resources (resources found: " + names + ")");
        }
        String type = ledger.path("Type").asText("");
        if (!TABLE_TYPE.equals(type)) {
            throw new IllegalArgumentException(source + ": resource " + LEDGER_RESOURCE + " has Type '" + type
                    + "', expected " + TABLE_TYPE);
        }
        JsonNode properties = ledger.path("Properties");
        if (!properties.isObject()) {
            throw new IllegalArgumentException(source + ": resource " + LEDGER_RESOURCE + " has no Properties");
        }
        try {
            return new LedgerTableDefinition(properties);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + LEDGER_RESOURCE + ".Properties." + e.getMessage(), e);
        }
    }

    /** The CreateTable request for a table of this shape with the given name. */
    public CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .attributeDefinitions(attributeDefinitions)
                .keySchema(keySchema)
                .globalSecondaryIndexes(globalSecondaryIndexes.isEmpty() ? null : globalSecondaryIndexes)
                .localSecondaryIndexes(localSecondaryIndexes.isEmpty() ? null : localSecondaryIndexes)
                .billingMode(billingMode)
                .provisionedThroughput(provisionedThroughput)
                .streamSpecification(streamSpecification)
                .build();
    }

    /** The UpdateTimeToLive request that follows creation, if the template sets a TimeToLiveSpecification. */
    public Optional<UpdateTimeToLiveRequest> updateTimeToLiveRequest(String tableName) {
        return timeToLive().map(ttl -> UpdateTimeToLiveRequest.builder()
                .tableName(tableName)
                .timeToLiveSpecification(ttl)
                .build());
    }

    /** The template's TimeToLiveSpecification, if any. */
    public Optional<TimeToLiveSpecification> timeToLive() {
        return Optional.ofNullable(timeToLive);
    }

    /**
     * Creates the table, waits until it is ACTIVE, then applies the time to live (only if enabled:
     * disabling TTL on a new table is an error in DynamoDB).
     */
    public void createTable(DynamoDbClient client, String tableName) {
        client.createTable(createTableRequest(tableName));
        awaitActive(client, tableName, Duration.ofSeconds(30));
        updateTimeToLiveRequest(tableName)
                .filter(request -> Boolean.TRUE.equals(request.timeToLiveSpecification().enabled()))
                .ifPresent(client::updateTimeToLive);
    }

    private static void awaitActive(DynamoDbClient client, String tableName, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            TableStatus status = client.describeTable(request -> request.tableName(tableName)).table().tableStatus();
            if (status == TableStatus.ACTIVE) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Table " + tableName + " still " + status + " after " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for table " + tableName, e);
            }
        }
    }

    // ---- reading Properties; an IllegalArgumentException's message starts with the property path

    private static BillingMode billingMode(JsonNode properties) {
        // CloudFormation's default is PROVISIONED.
        return properties.has("BillingMode")
                ? enumValue(properties, "BillingMode", BillingMode::fromValue)
                : BillingMode.PROVISIONED;
    }

    private static AttributeDefinition attribute(JsonNode node) {
        return AttributeDefinition.builder()
                .attributeName(text(node, "AttributeName"))
                .attributeType(enumValue(node, "AttributeType", ScalarAttributeType::fromValue))
                .build();
    }

    private static List<KeySchemaElement> keySchema(JsonNode parent, String field) {
        return list(parent, field, true, element -> KeySchemaElement.builder()
                .attributeName(text(element, "AttributeName"))
                .keyType(enumValue(element, "KeyType", KeyType::fromValue))
                .build());
    }

    private static Projection projection(JsonNode index) {
        return within(index, "Projection", projection -> {
            List<String> nonKey = list(projection, "NonKeyAttributes", false, node -> scalar(node, "NonKeyAttributes[]"));
            return Projection.builder()
                    .projectionType(enumValue(projection, "ProjectionType", ProjectionType::fromValue))
                    .nonKeyAttributes(nonKey.isEmpty() ? null : nonKey)
                    .build();
        });
    }

    private static ProvisionedThroughput throughput(JsonNode parent) {
        return within(parent, "ProvisionedThroughput", throughput -> ProvisionedThroughput.builder()
                .readCapacityUnits(number(throughput, "ReadCapacityUnits"))
                .writeCapacityUnits(number(throughput, "WriteCapacityUnits"))
                .build());
    }

    /** Reads a required mapping, prefixing errors inside it with its name. */
    private static <T> T within(JsonNode parent, String field, Function<JsonNode, T> reader) {
        return optionalWithin(parent, field, reader)
                .orElseThrow(() -> new IllegalArgumentException(field + " is missing"));
    }

    /** Reads an optional mapping, prefixing errors inside it with its name. */
    private static <T> Optional<T> optionalWithin(JsonNode parent, String field, Function<JsonNode, T> reader) {
        return optional(parent, field).map(node -> {
            try {
                return reader.apply(node);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + "." + e.getMessage(), e);
            }
        });
    }

    private static <T> List<T> list(JsonNode parent, String field, boolean required, Function<JsonNode, T> element) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is missing");
            }
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(field + " must be a list, found " + node.getNodeType());
        }
        List<T> values = new ArrayList<>();
        Iterator<JsonNode> elements = node.elements();
        for (int i = 0; elements.hasNext(); i++) {
            try {
                values.add(element.apply(elements.next()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + "[" + i + "]." + e.getMessage(), e);
            }
        }
        if (required && values.isEmpty()) {
            throw new IllegalArgumentException(field + " is empty");
        }
        return List.copyOf(values);
    }

    private static Optional<JsonNode> optional(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(field + " must be a mapping, found " + node.getNodeType());
        }
        return Optional.of(node);
    }

    private static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return scalar(node, field);
    }

    private static String scalar(JsonNode node, String field) {
        if (!node.isValueNode()) {
            throw new IllegalArgumentException(field + " must be a plain value, found " + node.getNodeType()
                    + " (intrinsic functions are not resolved here)");
        }
        String value = node.asText();
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " is empty");
        }
        return value;
    }

    private static boolean bool(JsonNode parent, String field) {
        String value = text(parent, field);
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(field + " must be true or false, found '" + value + "'");
        };
    }

    private static long number(JsonNode parent, String field) {
        String value = text(parent, field);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a whole number, found '" + value + "'", e);
        }
    }

    private static <E extends Enum<E>> E enumValue(JsonNode parent, String field, Function<String, E> fromValue) {
        String value = text(parent, field);
        E parsed = fromValue.apply(value);
        if (parsed == null || "UNKNOWN_TO_SDK_VERSION".equals(parsed.name())) {
            throw new IllegalArgumentException(field + " has unknown value '" + value + "'");
        }
        return parsed;
    }
}
