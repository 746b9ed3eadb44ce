package io.incidentresponse.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.securityir.model.SecurityIrException;
import software.amazon.awssdk.services.ssmincidents.SsmIncidentsClient;

/** What benchmarks of pollers and publishers rely on: call counts per operation and injected latency. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchmarkSupportTest {
    private static final Duration SLOW = Duration.ofMillis(250);

    private Emulator emulator;
    private SecurityIrClient securityIr;
    private SsmIncidentsClient incidents;
    private EventBridgeClient events;

    @BeforeAll
    void start() {
        emulator = Emulator.start();
        securityIr = SdkClients.securityIrWithoutRetries(emulator.endpoint());
        incidents = SdkClients.ssmIncidents(emulator.endpoint());
        events = SdkClients.eventBridgeWithoutRetries(emulator.endpoint());
    }

    @AfterAll
    void stop() {
        securityIr.close();
        incidents.close();
        events.close();
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    @Test
    void countsGetCaseGetIncidentRecordAndPutEventsCalls() {
        // given a case and an incident
        String caseId = securityIr.createCase(SecurityIrRequests.validCase().build()).caseId();
        String arn = startIncident();

        // when each is read a different number of times, and events are published once
        for (int i = 0; i < 3; i++) {
            securityIr.getCase(r -> r.caseId(caseId));
        }
        for (int i = 0; i < 2; i++) {
            incidents.getIncidentRecord(r -> r.arn(arn));
        }
        events.putEvents(r -> r.entries(List.of(PutEventsRequestEntry.builder().source("bench").detailType("Tick").detail("{}").build())));

        // then the log counts each operation
        assertEquals(3, emulator.log().count("GetCase"));
        assertEquals(2, emulator.log().count("GetIncidentRecord"));
        assertEquals(1, emulator.log().count("PutEvents"));
        assertEquals(1, emulator.log().count("CreateCase"));
    }

    @Test
    void failedGetCaseCallsAreCountedToo() {
        // given GetCase failing once
        emulator.faults().fail("GetCase", 1, 503);
        String caseId = securityIr.createCase(SecurityIrRequests.validCase().build()).caseId();

        // when read twice by a client without retries, the first failing
        assertThrows(SecurityIrException.class, () -> securityIr.getCase(r -> r.caseId(caseId)));
        securityIr.getCase(r -> r.caseId(caseId));

        // then both calls count, one of them as a success
        assertEquals(2, emulator.log().count("GetCase"));
        assertEquals(1, emulator.log().successCount("GetCase"));
    }

    @Test
    void perOperationLatencySlowsGetCaseAndGetIncidentRecordOnly() {
        // given latency on GetCase and on Incident Manager's GetIncidentRecord only
        emulator.faults().latency("GetCase", SLOW).latency("ssm-incidents:GetIncidentRecord", SLOW);
        String caseId = securityIr.createCase(SecurityIrRequests.validCase().build()).caseId();
        String arn = startIncident();

        // when each is read
        Duration getCase = timed(() -> securityIr.getCase(r -> r.caseId(caseId)));
        Duration getIncident = timed(() -> incidents.getIncidentRecord(r -> r.arn(arn)));

        // then both take at least the delay, and no other operation is slowed
        assertTrue(getCase.compareTo(SLOW) >= 0, getCase.toString());
        assertTrue(getIncident.compareTo(SLOW) >= 0, getIncident.toString());
        assertEquals(Duration.ZERO, emulator.faults().latencyFor("security-ir", "ListCases"));
        assertEquals(Duration.ZERO, emulator.faults().latencyFor("security-ir", "GetIncidentRecord"));
    }

    @Test
    void globalLatencySlowsGetCaseAndGetIncidentRecord() {
        // given a case and an incident, then latency on every operation
        String caseId = securityIr.createCase(SecurityIrRequests.validCase().build()).caseId();
        String arn = startIncident();
        emulator.faults().latency(SLOW);

        // when each is read
        Duration getCase = timed(() -> securityIr.getCase(r -> r.caseId(caseId)));
        Duration getIncident = timed(() -> incidents.getIncidentRecord(r -> r.arn(arn)));

        // then both take at least the delay
        assertTrue(getCase.compareTo(SLOW) >= 0, getCase.toString());
        assertTrue(getIncident.compareTo(SLOW) >= 0, getIncident.toString());
    }

    private String startIncident() {
        return incidents.startIncident(r -> r.responsePlanArn(IncidentManagerService.DEMO_RESPONSE_PLAN_ARN)
                .title("bench")).incidentRecordArn();
    }

    private static Duration timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
