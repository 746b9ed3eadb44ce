package io.incidentresponse.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeValidatorTest {
    private final ShapeValidator securityIr = new ShapeValidator(ServiceModel.securityIr());

    @Test
    void everyPatternInTheBundledModelsCompilesAsJavaRegex() {
        // given both bundled models
        for (ServiceModel model : List.of(ServiceModel.securityIr(), ServiceModel.incidentManager())) {
            // when every shape's pattern is compiled, then none throws
            for (String name : model.shapeNames()) {
                JsonNode pattern = model.shape(name).get("pattern");
                if (pattern != null) {
                    ShapeValidator.pattern(pattern.asText());
                }
            }
        }
    }

    @Test
    void mapKeysAndValuesAreValidated() {
        // given tags with a 129-character key and a 257-character value
        ObjectNode input = createCase();
        input.putObject("tags").put("k".repeat(129), "v").put("env", "x".repeat(257));

        // when validated
        List<FieldError> errors = securityIr.validate("CreateCaseRequest", input);

        // then the key and the value are both named
        assertEquals(List.of("tags." + "k".repeat(129) + "(key)", "tags.env"),
                errors.stream().map(FieldError::name).toList());
        assertTrue(errors.get(1).message().contains("length less than or equal to 256"));
    }

    @Test
    void wrongJsonTypesAreReported() {
        // given a numeric title, an object for a list, and a null list item
        ObjectNode input = createCase();
        input.put("title", 42);
        input.putObject("impactedServices");
        input.putArray("impactedAccounts").addNull();

        // when validated
        List<FieldError> errors = securityIr.validate("CreateCaseRequest", input);

        // then each is named with the expected type
        assertEquals(List.of("title", "impactedAccounts.0", "impactedServices"),
                errors.stream().map(FieldError::name).sorted(ShapeValidatorTest::byFieldOrder).toList());
        assertTrue(errors.stream().anyMatch(e -> e.message().contains("Member must be a string")));
        assertTrue(errors.stream().anyMatch(e -> e.message().contains("Member must be a list")));
        assertTrue(errors.stream().anyMatch(e -> e.message().contains("Member must not be null")));
    }

    @Test
    void validRequestHasNoErrors() {
        // given a complete CreateCase input, when validated, then it passes
        assertEquals(List.of(), securityIr.validate("CreateCaseRequest", createCase()));
    }

    private static int byFieldOrder(String a, String b) {
        List<String> order = List.of("title", "impactedAccounts.0", "impactedServices");
        return Integer.compare(order.indexOf(a), order.indexOf(b));
    }

    private static ObjectNode createCase() {
        return SecurityIrRequests.validCaseBody()
                .put("resolverType", "AWS")
                .put("reportedIncidentStartDate", 1740830400.5);
    }
}
