package io.incidentresponse.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UriTemplateTest {
    @Test
    void labelsArePercentDecodedPerSegment() {
        // given a template with a label, and an ARN label sent with %2F and %3A
        UriTemplate template = UriTemplate.parse("/v1/tags/{resourceArn}");

        // when matched
        Optional<Map<String, String>> labels = template.match("/v1/tags/arn%3Aaws%3Ax%2Fy+z", Map.of());

        // then the value is decoded, keeping '+' literal
        assertEquals(Map.of("resourceArn", "arn:aws:x/y+z"), labels.orElseThrow());
    }

    @Test
    void greedyLabelTakesTheRestOfThePath() {
        // given a greedy label, when matched against several segments, then it spans them
        UriTemplate template = UriTemplate.parse("/objects/{key+}");
        assertEquals(Map.of("key", "a/b/c"), template.match("/objects/a/b/c", Map.of()).orElseThrow());
        assertTrue(template.match("/objects", Map.of()).isEmpty());
    }

    @Test
    void queryLiteralsMustBePresent() {
        // given a template with a literal query parameter
        UriTemplate template = UriTemplate.parse("/getIncidentRecord?mode=full");

        // when matched with and without it, then only the request carrying it matches
        assertTrue(template.match("/getIncidentRecord", Map.of("mode", List.of("full"))).isPresent());
        assertTrue(template.match("/getIncidentRecord", Map.of("arn", List.of("x"))).isEmpty());
        assertEquals(2, template.specificity());
    }

    @Test
    void literalSegmentsMustMatchExactly() {
        // given a case template, when other paths are matched, then they do not match
        UriTemplate template = UriTemplate.parse("/v1/cases/{caseId}/get-case");
        assertTrue(template.match("/v1/cases/1234567890/get-case", Map.of()).isPresent());
        assertTrue(template.match("/v1/cases/1234567890/close-case", Map.of()).isEmpty());
        assertTrue(template.match("/v1/cases/1234567890/get-case/extra", Map.of()).isEmpty());
    }
}
