package io.incidentresponse.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.signal.CaseOpened;
import io.incidentresponse.shared.signal.StatusChange;
import io.incidentresponse.shared.signal.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The notification rules: on the status bus, for the product's own events, and turning a real
 * {@code Case Status Changed} detail (as the poller serialises it) into the one line a team reads.
 * The input transformer is applied here as EventBridge applies it: each {@code <name>} of the
 * template replaced by the value at its JSON path, the result a JSON string.
 */
class NotificationsTemplateTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9]+)>");
    private static final String CASE_OPENED = CaseOpened.DETAIL_TYPE;

    private final SamTemplate template = SamTemplate.bundled();
    private final Map<String, JsonNode> rules = template.resources("AWS::Events::Rule");

    private static JsonNode event(String detailType, Object detail) {
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        event.put("source", StatusChange.SOURCE).put("detail-type", detailType);
        event.set("detail", EventJson.MAPPER.valueToTree(detail));
        return event;
    }

    /** EventBridge's matching for what these patterns use: lists of exact values, nested maps. */
    private static boolean matches(JsonNode pattern, JsonNode event) {
        for (Map.Entry<String, JsonNode> field : pattern.properties()) {
            JsonNode value = event.path(field.getKey());
            if (field.getValue().isObject()) {
                if (!matches(field.getValue(), value)) {
                    return false;
                }
            } else {
                boolean any = false;
                for (JsonNode allowed : field.getValue()) {
                    any |= allowed.asText().equals(value.asText()) && !value.isMissingNode();
                }
                if (!any) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The text the one rule matching {@code event} sends to the topic. */
    private String message(JsonNode event) {
        List<String> matching = new ArrayList<>();
        rules.forEach((id, rule) -> {
            if (matches(rule.at("/Properties/EventPattern"), event)) {
                matching.add(id);
            }
        });
        assertEquals(1, matching.size(), "exactly one notification per event: " + matching);
        JsonNode transformer = rules.get(matching.get(0)).at("/Properties/Targets/0/InputTransformer");
        Matcher placeholder = PLACEHOLDER.matcher(transformer.path("InputTemplate").asText());
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            String path = transformer.path("InputPathsMap").path(placeholder.group(1)).asText();
            JsonNode value = event.at(path.substring(1).replace('.', '/'));
            placeholder.appendReplacement(out, Matcher.quoteReplacement(value.asText()));
        }
        placeholder.appendTail(out);
        try {
            return EventJson.MAPPER.readTree(out.toString()).asText();
        } catch (Exception e) {
            throw new AssertionError("not a JSON string: " + out, e);
        }
    }

    @Test
    void theRulesListenOnTheStatusBusForTheProductsOwnEventsOnlyWhenAskedFor() {
        assertEquals(Set.of("CaseOpenedNotification", "IncidentOpenedNotification", "CaseClosedNotification", "IncidentClosedNotification"),
                rules.keySet());
        rules.forEach((id, rule) -> {
            assertEquals("SendNotifications", rule.path("Condition").asText(), id);
            assertEquals("StatusEventBusName", rule.at("/Properties/EventBusName").asText(), id);
            JsonNode pattern = rule.at("/Properties/EventPattern");
            assertEquals("[\"" + StatusChange.SOURCE + "\"]", pattern.path("source").toString(), id);
            String detailType = pattern.at("/detail-type/0").asText();
            assertTrue(detailType.equals(CASE_OPENED) || detailType.equals(StatusChange.DETAIL_TYPE), id + ": " + detailType);
            assertEquals("[\"HasNotificationTopicArn\",\"NotificationTopicArn\",\"NotificationTopic\"]",
                    rule.at("/Properties/Targets/0/Arn").toString(), id);
        });
        assertEquals("[\"HasNotificationEmail\",\"HasNotificationTopicArn\"]", template.root().at("/Conditions/SendNotifications").toString());
    }

    @Test
    void everyPlaceholderHasAPathAndEveryPathIsAFieldOfThePublishedDetail() {
        Set<String> fields = Arrays.stream(StatusChange.class.getRecordComponents()).map(c -> c.getName()).collect(Collectors.toSet());
        Set<String> opened = Arrays.stream(CaseOpened.class.getRecordComponents()).map(c -> c.getName()).collect(Collectors.toSet());
        rules.forEach((id, rule) -> {
            JsonNode transformer = rule.at("/Properties/Targets/0/InputTransformer");
            Set<String> used = new TreeSet<>();
            Matcher placeholder = PLACEHOLDER.matcher(transformer.path("InputTemplate").asText());
            while (placeholder.find()) {
                used.add(placeholder.group(1));
            }
            Set<String> defined = new TreeSet<>();
            transformer.path("InputPathsMap").fieldNames().forEachRemaining(defined::add);
            assertEquals(defined, used, id + ": every path used, every placeholder defined");
            assertTrue(transformer.path("InputTemplate").asText().startsWith("\""), id + ": a quoted string, SNS gets text");
            assertTrue(!used.contains("title"), id + ": no attacker-controlled title, EventBridge does not escape values");
            Set<String> published = rule.at("/Properties/EventPattern/detail-type/0").asText().equals(StatusChange.DETAIL_TYPE)
                    ? fields : opened;
            transformer.path("InputPathsMap").forEach(path -> assertTrue(
                    path.asText().startsWith("$.detail.") && published.contains(path.asText().substring("$.detail.".length())),
                    id + ": " + path + " is no field of what is published: " + published));
        });
    }

    @Test
    void aClosedCaseBecomesOneLineWithItsClosureAndLink() {
        // given: the detail the poller publishes
        String link = "https://us-east-1.console.aws.amazon.com/security-ir/home?region=us-east-1#/cases/1000000005";
        StatusChange closed = new StatusChange("guardduty#123456789012#us-east-1#1f2b", Target.SECURITY_IR.name(), "1000000005",
                "198.51.100.24 is performing SSH brute force attacks", "Detection and Analysis", "Closed", null,
                "Investigation Completed", "2026-10-21T08:14:02Z", true, "2026-10-21T08:15:00.412Z", link);

        // when
        String message = message(event(StatusChange.DETAIL_TYPE, closed));

        // then
        assertEquals("case 1000000005 is now Closed (Investigation Completed): " + link, message);
    }

    @Test
    void aResolvedIncidentBecomesOneLineWithItsLink() {
        String arn = "arn:aws:ssm-incidents::123456789012:incident-record/critical-alarms/a1b2c3d4";
        String link = "https://us-east-1.console.aws.amazon.com/systems-manager/incidents/home?region=us-east-1#/incident/" + arn;
        StatusChange resolved = new StatusChange("alarm#123456789012#us-east-1#cpu", Target.INCIDENT_MANAGER.name(), arn,
                "cpu high", "OPEN", "RESOLVED", null, null, "2026-10-21T08:14:02Z", true, "2026-10-21T08:15:00Z", link);

        assertEquals("incident " + arn + " is now RESOLVED: " + link, message(event(StatusChange.DETAIL_TYPE, resolved)));
    }

    @Test
    void aStatusChangeThatDoesNotCloseSendsNothing() {
        StatusChange moved = new StatusChange("guardduty#123456789012#us-east-1#1f2b", Target.SECURITY_IR.name(), "1000000005",
                "t", "Submitted", "Detection and Analysis", null, null, null, false, "2026-10-21T08:15:00Z", "https://x");
        JsonNode event = event(StatusChange.DETAIL_TYPE, moved);
        rules.forEach((id, rule) -> assertTrue(!matches(rule.at("/Properties/EventPattern"), event), id));
    }

    /** A {@code Case Opened} event as the signal functions publish it (their {@link CaseOpened} detail). */
    private static JsonNode caseOpened(String target, String externalId, String kind, String link) {
        boolean finding = target.equals(Target.SECURITY_IR.name());
        return event(CaseOpened.DETAIL_TYPE, new CaseOpened("guardduty#123456789012#us-east-1#1f2bac3473f376bafe35b67eba3f2b0c",
                target, externalId, "198.51.100.24 is performing SSH brute force attacks", "Submitted",
                finding ? "aws.guardduty" : "aws.cloudwatch", kind, finding ? kind : null, finding ? null : kind, "123456789012",
                "us-east-1", finding ? 8.0 : 0, 1, "2026-10-21T08:00:00Z", link));
    }

    @Test
    void anOpenedCaseBecomesTheLineTheIssueAsksFor() {
        String link = "https://us-east-1.console.aws.amazon.com/security-ir/home?region=us-east-1#/cases/1000000005";

        String message = message(caseOpened(Target.SECURITY_IR.name(), "1000000005", "UnauthorizedAccess:EC2/SSHBruteForce", link));

        assertEquals("case 1000000005 opened for UnauthorizedAccess:EC2/SSHBruteForce in 123456789012/us-east-1: " + link, message);
    }

    @Test
    void anOpenedIncidentSaysIncident() {
        String arn = "arn:aws:ssm-incidents::123456789012:incident-record/critical-alarms/a1b2c3d4";

        String message = message(caseOpened(Target.INCIDENT_MANAGER.name(), arn, "prod-api-5xx", "https://x"));

        assertEquals("incident " + arn + " opened for prod-api-5xx in 123456789012/us-east-1: https://x", message);
    }
}
