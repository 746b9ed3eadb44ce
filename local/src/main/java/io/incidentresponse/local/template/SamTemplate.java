package io.incidentresponse.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of template.yaml (and of any other CloudFormation template of the project): the
 * toolkit creates its local table and queue from it, replay routes events by its rules, and the
 * cold-start harness runs each function with its settings, so all of them read the template the
 * same way.
 *
 * <p>CloudFormation's short-form tags ({@code !Ref}, {@code !Sub}, {@code !GetAtt}, ...) are
 * dropped by the YAML reader, which keeps the value they tag: {@code !Ref X} reads as {@code X}.
 * A reader that needs a resolved value says how it resolves one (e.g. a parameter's Default).
 */
public final class SamTemplate {
    /** Where the build puts the repository's template.yaml inside the local module's jar. */
    public static final String BUNDLED = "/io/incidentresponse/local/template.yaml";
    /** Where the build puts forwarder.yaml on the local module's test class path (not in the jar: nothing run needs it). */
    public static final String FORWARDER = "/io/incidentresponse/local/forwarder.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PARAMETER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    private final JsonNode root;
    private final String source;

    private SamTemplate(JsonNode root, String source) {
        this.root = root;
        this.source = source;
    }

    /** The template.yaml that the build bundled into this module. */
    public static SamTemplate bundled() {
        return fromClasspath(BUNDLED);
    }

    /** A template the build copied onto the class path from the repository root, e.g. {@value #FORWARDER} for the tests. */
    public static SamTemplate fromClasspath(String resource) {
        try (InputStream in = SamTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource.substring(resource.lastIndexOf('/') + 1) + " is not on the class path at "
                        + resource + "; the build copies it from the repository root: is that file there?");
            }
            return parse(in, "classpath:" + resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** A template file, e.g. the forwarder's. */
    public static SamTemplate fromFile(Path template) {
        try (InputStream in = Files.newInputStream(template)) {
            return parse(in, template.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + template, e);
        }
    }

    /**
     * @param source what to call the template in error messages
     * @throws IllegalArgumentException when it is not YAML or not a mapping at the top
     */
    public static SamTemplate parse(InputStream template, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(template);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + " is not a template: expected a YAML mapping at the top");
        }
        return new SamTemplate(root, source);
    }

    /** What the template is called in messages: its file or class-path location. */
    public String source() {
        return source;
    }

    /** The whole template as a tree (tags dropped, as above). */
    public JsonNode root() {
        return root;
    }

    /** The resource {@code logicalId}, which must be of {@code type}. */
    public JsonNode resource(String logicalId, String type) {
        JsonNode resource = root.path("Resources").path(logicalId);
        if (!type.equals(resource.path("Type").asText())) {
            throw new IllegalArgumentException(source + " has no " + type + " resource " + logicalId);
        }
        return resource;
    }

    /** Every resource of {@code type}, by logical id, in template order. */
    public Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> resource : root.path("Resources").properties()) {
            if (type.equals(resource.getValue().path("Type").asText())) {
                out.put(resource.getKey(), resource.getValue());
            }
        }
        return out;
    }

    /** {@code Globals.<section>}, e.g. Function; a missing node when there is none. */
    public JsonNode globals(String section) {
        return root.path("Globals").path(section);
    }

    /** The Default of parameter {@code name}; empty when there is no such parameter. */
    public Optional<String> parameterDefault(String name) {
        JsonNode parameter = root.path("Parameters").get(name);
        return parameter == null ? Optional.empty() : Optional.of(parameter.path("Default").asText(""));
    }

    /**
     * An EventBridge event pattern as the template writes it: a YAML map, or (where it embeds a
     * parameter) a {@code !Sub} JSON string, whose {@code ${Parameter}} references are replaced by
     * the parameters' defaults.
     */
    public JsonNode eventPattern(JsonNode pattern) {
        return eventPattern(pattern, Map.of());
    }

    /**
     * The same with the given parameter values (a stack created with them), the defaults for the
     * rest. A parameter named in {@code values} must still be one of the template's.
     */
    public JsonNode eventPattern(JsonNode pattern, Map<String, String> values) {
        if (!pattern.isTextual()) {
            return pattern;
        }
        Matcher reference = PARAMETER.matcher(pattern.asText());
        StringBuilder json = new StringBuilder();
        while (reference.find()) {
            String name = reference.group(1);
            String value = parameterDefault(name).map(fallback -> values.getOrDefault(name, fallback))
                    .orElseThrow(() -> new IllegalArgumentException(source
                    + ": an event pattern refers to ${" + name + "}, which is not a parameter"));
            reference.appendReplacement(json, Matcher.quoteReplacement(value));
        }
        reference.appendTail(json);
        try {
            return YAML.readTree(json.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": an event pattern is not JSON: " + e.getMessage(), e);
        }
    }

    public boolean hasParameter(String name) {
        return root.path("Parameters").has(name);
    }

    public boolean hasResource(String logicalId) {
        return root.path("Resources").has(logicalId);
    }
}
