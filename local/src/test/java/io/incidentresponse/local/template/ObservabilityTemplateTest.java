package io.incidentresponse.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.metrics.Metrics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The template's side of the metrics, the logs and the Case Opened event. */
class ObservabilityTemplateTest {
    private final SamTemplate template = SamTemplate.bundled();

    @Test
    void everyFunctionGetsTheMetricsNamespaceAndTheStatusBus() {
        JsonNode variables = template.globals("Function").at("/Environment/Variables");
        assertEquals("MetricsNamespace", variables.path(Variables.METRICS_NAMESPACE).asText());
        assertEquals("StatusEventBusName", variables.path(Variables.EVENT_BUS_NAME).asText());
        String namespace = template.parameterDefault("MetricsNamespace").orElseThrow();
        assertEquals(Metrics.DEFAULT_NAMESPACE, namespace);
        String pattern = template.root().at("/Parameters/MetricsNamespace/AllowedPattern").asText();
        assertTrue(Pattern.matches(pattern, namespace));
        assertTrue(Pattern.matches(pattern, "SecOps/Incident Response"));
    }

    @Test
    void everyFunctionLogsJsonWithBothLevelsAsParametersIntoALogGroupWithRetention() {
        for (Map.Entry<String, JsonNode> function : template.resources("AWS::Serverless::Function").entrySet()) {
            JsonNode logging = function.getValue().at("/Properties/LoggingConfig");
            assertEquals("JSON", logging.path("LogFormat").asText(), function.getKey());
            assertEquals("ApplicationLogLevel", logging.path("ApplicationLogLevel").asText(), function.getKey());
            assertEquals("SystemLogLevel", logging.path("SystemLogLevel").asText(), function.getKey());
            JsonNode group = template.resource(logging.path("LogGroup").asText(), "AWS::Logs::LogGroup");
            assertEquals("LogRetentionDays", group.at("/Properties/RetentionInDays").asText(), function.getKey());
        }
        assertEquals("INFO", template.parameterDefault("ApplicationLogLevel").orElseThrow());
        // Lambda takes a line without "level" (every EMF line) as INFO: a higher filter would drop the metrics.
        assertEquals("[\"TRACE\",\"DEBUG\",\"INFO\"]", template.root().at("/Parameters/ApplicationLogLevel/AllowedValues").toString());
        assertEquals("INFO", template.parameterDefault("SystemLogLevel").orElseThrow());
    }

    @Test
    void theSignalFunctionsMayPublishCaseOpenedOnTheStatusBus() {
        boolean found = false;
        for (JsonNode statement : template.resource("FunctionPermissions", "AWS::IAM::ManagedPolicy")
                .at("/Properties/PolicyDocument/Statement")) {
            if ("events:PutEvents".equals(statement.path("Action").asText())) {
                found = true;
                assertTrue(statement.path("Resource").asText().endsWith(":event-bus/${StatusEventBusName}"), statement.toString());
            }
        }
        assertTrue(found, "FunctionPermissions grants events:PutEvents");
    }

    @Test
    void everyVariableTheTemplateSetsIsOneTheFunctionsKnow() throws IllegalAccessException {
        Set<String> known = new HashSet<>();
        for (Field field : Variables.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                known.add((String) field.get(null));
            }
        }
        known.add("JAVA_TOOL_OPTIONS");
        Set<String> set = new HashSet<>();
        template.globals("Function").at("/Environment/Variables").fieldNames().forEachRemaining(set::add);
        for (JsonNode function : template.resources("AWS::Serverless::Function").values()) {
            Iterator<String> names = function.at("/Properties/Environment/Variables").fieldNames();
            names.forEachRemaining(set::add);
        }
        set.removeAll(known);
        assertEquals(Set.of(), set, "variables the template sets that config.Variables does not declare");
    }
}
