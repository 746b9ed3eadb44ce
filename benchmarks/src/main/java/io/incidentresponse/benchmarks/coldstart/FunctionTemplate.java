package io.incidentresponse.benchmarks.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.local.template.SamTemplate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One function as template.yaml deploys it: its handler class, memory, timeout and environment
 * (the Globals' variables merged with its own, as SAM merges them), JAVA_TOOL_OPTIONS included.
 *
 * <p>Values are resolved the way a stack created with the parameters' defaults would have them: a
 * {@code !Ref} to a parameter is that parameter's Default, a {@code !Ref} to a resource is what the
 * caller maps its logical id to (the ledger table's name), anything else is taken literally. The
 * YAML reader drops CloudFormation's short-form tags and keeps the value they tag, so a
 * {@code !Ref X} reads as {@code X}: a literal equal to a parameter's or resource's name would be
 * taken for a reference (none is). Other intrinsics (maps or lists after the tag is dropped) are
 * refused.
 */
record FunctionTemplate(String logicalId, String handlerClass, int memoryMb, int timeoutSeconds, Map<String, String> environment) {

    static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";

    /** Reads {@code logicalId} from the template that the local module's jar carries. */
    static FunctionTemplate read(String logicalId, Map<String, String> resources) {
        return read(SamTemplate.bundled().root(), logicalId, resources);
    }

    static FunctionTemplate read(JsonNode template, String logicalId, Map<String, String> resources) {
        JsonNode globals = template.path("Globals").path("Function");
        JsonNode function = template.path("Resources").path(logicalId);
        if (!"AWS::Serverless::Function".equals(function.path("Type").asText())) {
            throw new IllegalStateException("template.yaml has no AWS::Serverless::Function " + logicalId);
        }
        JsonNode properties = function.path("Properties");
        String handler = properties.path("Handler").asText("");
        if (handler.isEmpty()) {
            throw new IllegalStateException(logicalId + " has no Handler in template.yaml");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode variables : new JsonNode[] {globals.path("Environment").path("Variables"),
                properties.path("Environment").path("Variables")}) {
            for (Map.Entry<String, JsonNode> variable : variables.properties()) {
                environment.put(variable.getKey(), resolve(template, variable.getKey(), variable.getValue(), resources));
            }
        }
        return new FunctionTemplate(logicalId, handler.split("::")[0],
                integer(template, properties, globals, "MemorySize", resources),
                integer(template, properties, globals, "Timeout", resources),
                environment);
    }

    private static int integer(JsonNode template, JsonNode properties, JsonNode globals, String name, Map<String, String> resources) {
        JsonNode value = properties.has(name) ? properties.get(name) : globals.get(name);
        if (value == null) {
            throw new IllegalStateException("template.yaml sets no " + name + " for the functions");
        }
        return Integer.parseInt(resolve(template, name, value, resources));
    }

    private static String resolve(JsonNode template, String name, JsonNode value, Map<String, String> resources) {
        if (!value.isValueNode()) {
            throw new IllegalStateException(name + " in template.yaml is an intrinsic function the cold-start harness cannot resolve: "
                    + value);
        }
        String text = value.asText();
        JsonNode parameter = template.path("Parameters").get(text);
        if (parameter != null) {
            return parameter.path("Default").asText("");
        }
        if (template.path("Resources").has(text)) {
            String resolved = resources.get(text);
            if (resolved == null) {
                throw new IllegalStateException(name + " refers to the template's resource " + text + ", which the harness does not stand in for");
            }
            return resolved;
        }
        return text;
    }
}
