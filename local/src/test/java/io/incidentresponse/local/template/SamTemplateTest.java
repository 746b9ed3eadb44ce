package io.incidentresponse.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SamTemplateTest {
    private static SamTemplate parse(String yaml) {
        return SamTemplate.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void aSubbedPatternGetsTheParametersDefaultsAsJsonValues() {
        // given
        SamTemplate template = parse("""
                Parameters:
                  MinSeverity: {Type: Number, Default: 7}
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Events:
                        Finding:
                          Type: EventBridgeRule
                          Properties:
                            Pattern: !Sub '{"source": ["aws.guardduty"], "detail": {"severity": [{"numeric": [">=", ${MinSeverity}]}]}}'
                """);
        JsonNode raw = template.resource("Fn", "AWS::Serverless::Function").at("/Properties/Events/Finding/Properties/Pattern");

        // when
        JsonNode pattern = template.eventPattern(raw);

        // then
        assertEquals("aws.guardduty", pattern.at("/source/0").asText());
        assertEquals(7, pattern.at("/detail/severity/0/numeric/1").asInt());
        assertTrue(pattern.at("/detail/severity/0/numeric/1").isNumber());
    }

    @Test
    void aPatternNamingNoParameterAndAMissingResourceAreRefusedNamingTheTemplate() {
        SamTemplate template = parse("Resources: {}\n");
        IllegalArgumentException pattern = assertThrows(IllegalArgumentException.class,
                () -> template.eventPattern(TextNode.valueOf("{\"a\": ${Nope}}")));
        assertTrue(pattern.getMessage().contains("test.yaml") && pattern.getMessage().contains("${Nope}"), pattern.getMessage());
        IllegalArgumentException resource = assertThrows(IllegalArgumentException.class, () -> template.resource("Q", "AWS::SQS::Queue"));
        assertEquals("test.yaml has no AWS::SQS::Queue resource Q", resource.getMessage());
    }

    @Test
    void theBundledTemplateHasTheFunctionsAndTheTable() {
        SamTemplate template = SamTemplate.bundled();
        assertEquals(3, template.resources("AWS::Serverless::Function").size());
        assertTrue(template.hasResource("LedgerTable"));
    }
}
