package io.incidentresponse.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.incidents.IncidentLimits;
import io.incidentresponse.shared.securityir.CaseLimits;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The limits the mapping enforces (CaseLimits, IncidentLimits) are the bundled service models'
 * limits: the ones the emulator validates every request against. A model update that changes one
 * fails here, naming the member.
 */
class ServiceLimitsTest {
    private static final ServiceModel SECURITY_IR = ServiceModel.securityIr();
    private static final ServiceModel INCIDENTS = ServiceModel.incidentManager();

    @Test
    void caseLimitsAreTheSecurityIrModels() {
        assertEquals(CaseLimits.TITLE_MAX, max(SECURITY_IR, "CreateCaseRequest.title"));
        assertEquals(CaseLimits.DESCRIPTION_MAX, max(SECURITY_IR, "CreateCaseRequest.description"));
        assertEquals(CaseLimits.COMMENT_MAX, max(SECURITY_IR, "CreateCaseCommentRequest.body"));
        assertEquals(CaseLimits.WATCHERS_MAX, max(SECURITY_IR, "CreateCaseRequest.watchers"));
        assertEquals(CaseLimits.EMAIL_MIN, min(SECURITY_IR, "Watcher.email"));
        assertEquals(CaseLimits.EMAIL_MAX, max(SECURITY_IR, "Watcher.email"));
        assertEquals(CaseLimits.EMAIL_PATTERN, pattern(SECURITY_IR, "Watcher.email"));
        assertEquals(CaseLimits.PERSON_NAME_MAX, max(SECURITY_IR, "Watcher.name"));
        assertEquals(CaseLimits.JOB_TITLE_MAX, max(SECURITY_IR, "Watcher.jobTitle"));
        assertEquals(CaseLimits.THREAT_ACTORS_MAX, max(SECURITY_IR, "CreateCaseRequest.threatActorIpAddresses"));
        // UpdateCase adds to the same list (GetCase answers it as the same shape), so the case holds at most as many.
        assertEquals(CaseLimits.THREAT_ACTORS_MAX, max(SECURITY_IR, "UpdateCaseRequest.threatActorIpAddressesToAdd"));
        assertEquals(CaseLimits.THREAT_ACTORS_MAX, max(SECURITY_IR, "GetCaseResponse.threatActorIpAddresses"));
        assertEquals(CaseLimits.THREAT_ACTORS_MAX, CaseLists.THREAT_ACTORS_MAX);
        assertEquals(CaseLimits.USER_AGENT_MAX, max(SECURITY_IR, "ThreatActorIp.userAgent"));
        assertEquals(CaseLimits.IMPACTED_SERVICES_MAX, max(SECURITY_IR, "CreateCaseRequest.impactedServices"));
        assertEquals(CaseLimits.SERVICE_NAME_MIN, SECURITY_IR.shape("AwsService").path("min").asInt());
        assertEquals(CaseLimits.SERVICE_NAME_MAX, SECURITY_IR.shape("AwsService").path("max").asInt());
        assertEquals(CaseLimits.SERVICE_NAME_PATTERN, SECURITY_IR.shape("AwsService").path("pattern").asText());
        assertEquals(CaseLimits.TAG_VALUE_MAX, SECURITY_IR.shape("TagValue").path("max").asInt());
    }

    @Test
    void theRegionsACaseCanNameAreTheModelsAwsRegionEnum() {
        Set<String> model = new TreeSet<>();
        SECURITY_IR.shape("AwsRegion").path("enum").forEach(region -> model.add(region.asText()));
        assertEquals(model, new TreeSet<>(CaseLimits.REGIONS));
    }

    @Test
    void incidentLimitsAreTheIncidentManagerModels() {
        assertEquals(IncidentLimits.TITLE_MAX, max(INCIDENTS, "StartIncidentInput.title"));
        assertEquals(IncidentLimits.RAW_DATA_MAX, max(INCIDENTS, "TriggerDetails.rawData"));
        assertEquals(IncidentLimits.TRIGGER_SOURCE_MAX, max(INCIDENTS, "TriggerDetails.source"));
        assertEquals(IncidentLimits.RELATED_ITEMS_MAX, max(INCIDENTS, "StartIncidentInput.relatedItems"));
        assertEquals(IncidentLimits.RELATED_ITEM_TITLE_MAX, max(INCIDENTS, "RelatedItem.title"));
        assertEquals(IncidentLimits.URL_MAX, max(INCIDENTS, "ItemValue.url"));
        assertEquals(IncidentLimits.ARN_MAX, max(INCIDENTS, "ItemValue.arn"));
        assertEquals(IncidentLimits.METRIC_DEFINITION_MAX, max(INCIDENTS, "ItemValue.metricDefinition"));
        assertEquals(IncidentLimits.EVENT_DATA_MAX, max(INCIDENTS, "CreateTimelineEventInput.eventData"));
        // The model anchors its patterns; the mapping matches the whole value, which is the same.
        assertEquals("^" + IncidentLimits.ARN_PATTERN + "$", pattern(INCIDENTS, "TriggerDetails.triggerArn"));
    }

    /** "Shape.member": the constraint on the member's own shape. */
    private static JsonNode member(ServiceModel model, String path) {
        String[] parts = path.split("\\.");
        String shape = model.shape(parts[0]).path("members").path(parts[1]).path("shape").asText();
        return model.shape(shape);
    }

    private static int max(ServiceModel model, String path) {
        return member(model, path).path("max").asInt(-1);
    }

    private static int min(ServiceModel model, String path) {
        return member(model, path).path("min").asInt(-1);
    }

    private static String pattern(ServiceModel model, String path) {
        return member(model, path).path("pattern").asText(null);
    }
}
