package io.incidentresponse.local.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.functions.poller.CasePollerHandler;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.local.engine.EventRuleQueue;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.function.PollerFunction;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.signal.StatusChange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What {@code replay --poll} shows after the events: every open case and incident followed to its
 * close offline. Responders move each case on (Security IR's Case Updated events reach the poller
 * function at once), then close it and resolve the incidents (those events are held back, so the
 * scheduled poll has to find the changes itself); last, the Case Status Changed events the product
 * published.
 */
public final class StatusDemo {
    private final Emulator emulator;
    private final Settings settings;
    private final ClientFactory clients;
    private final Optional<EventRuleQueue> statusEvents;
    private final PrintStream out;

    /** Over the services' emulator; the published events are read back from their status events' queue, if any. */
    public StatusDemo(LocalServices services, ClientFactory clients, PrintStream out) {
        this.emulator = services.emulator();
        this.settings = services.settings();
        this.clients = clients;
        this.statusEvents = services.statusEvents();
        this.out = out;
    }

    public void run() throws IOException {
        out.println();
        out.println("Status tracking (the case poller function, push and poll):");
        // Each poll runs an hour later than the last, so everything opened is due.
        CasePollerHandler firstHour = poller(Duration.ofHours(1));
        out.println("  scheduled poll: " + summary(invoke(firstHour, scheduledEvent())));

        List<String> open = emulator.securityIr().cases().stream().filter(c -> !"Closed".equals(c.caseStatus()))
                .map(c -> c.caseId()).toList();
        emulator.securityIr().drainCaseEvents();
        open.forEach(id -> emulator.securityIr().setCaseStatus(id, "Detection and Analysis"));
        out.println("  responders move " + open.size() + " case(s) to Detection and Analysis; Security IR's events reach the function:");
        for (JsonNode event : emulator.securityIr().drainCaseEvents()) {
            JsonNode handled = invoke(firstHour, event.toString());
            out.println("    " + event.path("detail-type").asText() + " " + handled.path("caseId").asText() + ": " + handled.path("result").asText());
        }
        out.println("  scheduled poll: " + summary(invoke(poller(Duration.ofHours(2)), scheduledEvent())));

        open.forEach(id -> emulator.securityIr().closeCase(id, "Investigation Completed"));
        emulator.securityIr().drainCaseEvents();
        List<String> incidents = emulator.incidentManager().incidents().stream().filter(i -> "OPEN".equals(i.status()))
                .map(i -> i.arn()).toList();
        incidents.forEach(arn -> emulator.incidentManager().resolveIncident(arn));
        out.println("  responders close the cases and resolve " + incidents.size() + " incident(s); their events are held back:");
        out.println("  scheduled poll: " + summary(invoke(poller(Duration.ofHours(3)), scheduledEvent())));
        out.println("  scheduled poll: " + summary(invoke(poller(Duration.ofHours(4)), scheduledEvent())) + "  (nothing left open)");

        out.println();
        if (statusEvents.isEmpty()) {
            out.println("Case Status Changed events were published to " + settings.optional(Variables.AWS_ENDPOINT_URL_EVENTBRIDGE)
                    .or(() -> settings.optional(Variables.AWS_ENDPOINT_URL)).orElse("EventBridge") + " (not read back here).");
            return;
        }
        List<JsonNode> events = statusEvents.get().received();
        out.println("Case Status Changed events published (" + events.size() + ", delivered by the rule "
                + statusEvents.get().ruleName() + " to its queue):");
        for (JsonNode event : events) {
            StatusChange change = EventJson.read(event.path("detail").toString(), StatusChange.class);
            out.printf("  %s: %s -> %s%s%n", change.externalId(), change.previousStatus(), change.status(),
                    change.closureCode() == null ? "" : " (" + change.closureCode() + ")");
        }
    }

    private CasePollerHandler poller(Duration ahead) {
        JsonLog quiet = JsonLog.discard();
        return new CasePollerHandler(PollerFunction.create(settings, clients, Clock.offset(Clock.systemUTC(), ahead), quiet));
    }

    private static JsonNode invoke(CasePollerHandler handler, String event) throws IOException {
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), result,
                new ReplayContext("CasePollerFunction", 120_000));
        return EventJson.MAPPER.readTree(result.toByteArray());
    }

    private static String summary(JsonNode report) {
        return "read " + report.path("itemsRead").asInt() + " open item(s), polled " + report.path("polled").asInt() + ", changed "
                + report.path("changed").asInt() + ", closed " + report.path("closed").asInt() + ", failed " + report.path("failed").asInt();
    }

    private static String scheduledEvent() {
        return "{\"version\":\"0\",\"id\":\"" + UUID.randomUUID() + "\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"account\":\"000000000000\",\"time\":\"2026-01-01T00:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{}}";
    }
}
