package io.incidentresponse.shared.dryrun;

import static io.incidentresponse.shared.testing.SampleEvents.envelope;
import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.function.SignalFunction;
import io.incidentresponse.shared.function.SignalSettings;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.ledger.TrackingState;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.pipeline.FindingSource;
import io.incidentresponse.shared.pipeline.SignalPipeline;
import io.incidentresponse.shared.securityir.CaseRequests;
import io.incidentresponse.shared.signal.CaseSettings;
import io.incidentresponse.shared.signal.ClientTokens;
import io.incidentresponse.shared.signal.Outcome;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.testing.InMemoryLedger;
import io.incidentresponse.shared.testing.MutableClock;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;

class DryRunTest {
    private static final String SSH = "guardduty/ec2-ssh-brute-force.json";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-01T12:00:00Z"));
    private final SignalSettings settings = SignalSettings.from(new Settings(Map.of("LEDGER_TABLE", "ledger", "DRY_RUN", "true")));
    private final SignalPipeline pipeline = SignalFunction.dryRun(new FindingSource(), settings, ledger, clock, clock::advance,
            new JsonLog(lines::add));

    private List<JsonNode> dryRunLines() throws IOException {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String line : lines) {
            JsonNode node = EventJson.MAPPER.readTree(line);
            if (DryRunRequests.LOG_MESSAGE.equals(node.path("message").asText())) {
                out.add(node);
            }
        }
        return out;
    }

    @Test
    void dryRunLogsTheExactCreateCaseAsOneJsonLineAndShowsItInTheOutcome() throws IOException {
        // given
        Signal signal = FindingSignals.fromEvent(envelope(text(SSH), FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE));
        // (through text, as the log line is read: numbers compare as JSON reads them)
        JsonNode expected = EventJson.MAPPER.readTree(SdkJson.of(CaseRequests.createCase(signal,
                new CaseSettings(EngagementType.SECURITY_INCIDENT, ResolverType.SELF, List.of()),
                ClientTokens.forEpisode(signal.key(), 1))).toString());

        // when
        Outcome outcome = pipeline.handle(stream(text(SSH)));

        // then
        assertTrue(settings.dryRun());
        assertEquals(Outcome.DRY_RUN, outcome.status());
        assertTrue(outcome.detail().startsWith("created (dry run: nothing sent)"), outcome.detail());
        assertTrue(outcome.externalId().startsWith(DryRunSecurityIr.CASE_ID_PREFIX), outcome.externalId());
        assertEquals(1, outcome.requests().size());
        JsonNode shown = EventJson.MAPPER.readTree(outcome.requests().get(0));
        assertEquals("CreateCase", shown.path("operation").asText());
        assertEquals(expected, shown.path("request"));
        List<JsonNode> logged = dryRunLines();
        assertEquals(1, logged.size());
        assertEquals(expected, logged.get(0).path("request"), "the request is a JSON object in the log line, not text");
        assertEquals("security-ir", logged.get(0).path("service").asText());
    }

    @Test
    void dryRunKeepsItsBookkeepingSoARedeliveryIsARepeatThatSendsNothing() throws IOException {
        // given
        Outcome first = pipeline.handle(stream(text(SSH)));

        // when
        Outcome again = pipeline.handle(stream(text(SSH)));

        // then
        assertEquals(Outcome.REPEAT, again.status());
        assertTrue(again.requests().isEmpty());
        assertEquals(first.externalId(), again.externalId());
        assertEquals(1, dryRunLines().size());
        assertEquals(TrackingState.OPEN, ledger.items().values().iterator().next().state());
    }

    @Test
    void aMalformedDryRunSettingFailsNamingTheVariable() {
        var error = org.junit.jupiter.api.Assertions.assertThrows(io.incidentresponse.shared.config.ConfigurationException.class,
                () -> SignalSettings.from(new Settings(Map.of("LEDGER_TABLE", "ledger", "DRY_RUN", "maybe"))));
        assertTrue(error.getMessage().contains("DRY_RUN"), error.getMessage());
    }
}
