package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A botocore-format service model (service-2.json) loaded from the classpath: operations with their
 * HTTP bindings, and the shapes the request binder and validator walk. Immutable once loaded.
 */
final class ServiceModel {
    static final String SECURITY_IR = "security-ir-2018-05-10.service-2.json";
    static final String SSM_INCIDENTS = "ssm-incidents-2018-05-10.service-2.json";

    /** One operation: its HTTP method, request URI template, input/output shapes and success code. */
    record Operation(
            String name,
            String method,
            UriTemplate uri,
            String inputShape,
            String outputShape,
            int responseCode) {
    }

    private final String signingName;
    private final JsonNode shapes;
    private final Map<String, Operation> operations;

    private ServiceModel(JsonNode root) {
        JsonNode metadata = root.path("metadata");
        this.signingName = metadata.path("signingName").asText(metadata.path("endpointPrefix").asText());
        this.shapes = root.path("shapes");
        Map<String, Operation> ops = new LinkedHashMap<>();
        root.path("operations")
                .properties()
                .forEach(
                        entry -> {
                            JsonNode op = entry.getValue();
                            JsonNode http = op.path("http");
                            ops.put(
                                    entry.getKey(),
                                    new Operation(
                                            entry.getKey(),
                                            http.path("method").asText(),
                                            UriTemplate.parse(http.path("requestUri").asText()),
                                            op.path("input").path("shape").asText(null),
                                            op.path("output").path("shape").asText(null),
                                            http.path("responseCode").asInt(200)));
                        });
        this.operations = Collections.unmodifiableMap(ops);
    }

    /** Loads a model bundled under {@code io/incidentresponse/local/emulator/models/}. */
    static ServiceModel load(String fileName) {
        String resource = "models/" + fileName;
        try (InputStream in = ServiceModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("service model not on the classpath: " + resource);
            }
            return new ServiceModel(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read service model " + resource, e);
        }
    }

    static ServiceModel securityIr() {
        return Cache.SECURITY_IR_MODEL;
    }

    static ServiceModel incidentManager() {
        return Cache.SSM_INCIDENTS_MODEL;
    }

    /** The SigV4 signing name, which is also the credential-scope service the emulator dispatches on. */
    String signingName() {
        return signingName;
    }

    List<Operation> operations() {
        return new ArrayList<>(operations.values());
    }

    Optional<Operation> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    boolean hasShape(String name) {
        return name != null && shapes.has(name);
    }

    JsonNode shape(String name) {
        JsonNode shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("no shape " + name + " in the " + signingName + " model");
        }
        return shape;
    }

    /** Names of all shapes, for checks over the whole model (such as compiling every pattern). */
    List<String> shapeNames() {
        List<String> names = new ArrayList<>();
        shapes.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static final class Cache {
        static final ServiceModel SECURITY_IR_MODEL = load(SECURITY_IR);
        static final ServiceModel SSM_INCIDENTS_MODEL = load(SSM_INCIDENTS);
    }
}
