package io.incidentresponse.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.securityir.model.InternalServerException;
import software.amazon.awssdk.services.securityir.model.ThrottlingException;

class FaultInjectionTest {
    private Emulator emulator;
    private SecurityIrClient noRetries;
    private SecurityIrClient defaultRetries;

    @BeforeEach
    void start() {
        emulator = Emulator.start();
        noRetries = SdkClients.securityIrWithoutRetries(emulator.endpoint());
        defaultRetries = SdkClients.securityIr(emulator.endpoint());
    }

    @AfterEach
    void stop() {
        noRetries.close();
        defaultRetries.close();
        emulator.close();
    }

    @Test
    void throttledCallsFailBeforeAnyStateChange() {
        // given CreateCase throttled for the next 3 calls
        emulator.faults().throttle("CreateCase", 3);

        // when a client without retries calls 3 times
        for (int i = 0; i < 3; i++) {
            ThrottlingException e = assertThrows(ThrottlingException.class,
                    () -> noRetries.createCase(SecurityIrRequests.validCase().build()));
            assertEquals(429, e.statusCode());
            assertTrue(e.isThrottlingException());
        }

        // then nothing was created, and the fourth call succeeds
        assertEquals(0, emulator.securityIr().cases().size());
        noRetries.createCase(SecurityIrRequests.validCase().build());
        assertEquals(1, emulator.securityIr().cases().size());
        assertEquals(4, emulator.log().count("CreateCase"));
    }

    @Test
    void defaultRetriesRecoverFromThrottlingWithExactlyOneCase() {
        // given CreateCase throttled twice
        emulator.faults().throttle("CreateCase", 2);

        // when a client with the SDK's default retries creates a case once
        String caseId = defaultRetries.createCase(SecurityIrRequests.validCase().build()).caseId();

        // then the SDK retried through the throttling and exactly one case exists
        assertEquals(List.of(caseId), emulator.securityIr().cases().stream().map(c -> c.caseId()).toList());
        assertEquals(3, emulator.log().count("CreateCase"));
        assertEquals(0, emulator.faults().pending("CreateCase"));
    }

    @Test
    void injectedServerErrorsAnswer500InternalServerException() {
        // given a case, and GetCase failing twice with 500
        String caseId = noRetries.createCase(SecurityIrRequests.validCase().build()).caseId();
        emulator.faults().fail("GetCase", 2, 500);

        // when read without retries, then two 500s, then the case
        for (int i = 0; i < 2; i++) {
            InternalServerException e =
                    assertThrows(InternalServerException.class, () -> noRetries.getCase(r -> r.caseId(caseId)));
            assertEquals(500, e.statusCode());
        }
        assertEquals(caseId, noRetries.getCase(r -> r.caseId(caseId)).caseArn().replaceAll(".*/", ""));
    }

    @Test
    void faultForAllOperationsAndClear() {
        // given every operation throttled many times
        emulator.faults().throttle(Faults.ALL, 100);

        // when any call is made, then it is throttled; after clear it is not
        assertThrows(ThrottlingException.class, () -> noRetries.listCases(r -> {}));
        emulator.faults().clear();
        assertEquals(0, noRetries.listCases(r -> {}).items().size());
    }

    @Test
    void aRateLimitThrottlesTheCallsBeyondItWithinASecond() {
        // given at most 2 CreateCase calls a second
        emulator.faults().rateLimit("security-ir:CreateCase", 2);

        // when a client without retries calls 4 times at once
        int throttled = 0;
        for (int i = 0; i < 4; i++) {
            try {
                noRetries.createCase(SecurityIrRequests.validCase().clientToken("rate-" + i).build());
            } catch (ThrottlingException e) {
                throttled++;
            }
        }

        // then the two beyond the rate were throttled, and only the others made cases
        assertEquals(2, throttled);
        assertEquals(2, emulator.securityIr().cases().size());
    }

    @Test
    void latencyDelaysResponses() {
        // given 300 ms of latency
        emulator.faults().latency(Duration.ofMillis(300));

        // when a call is made, then it takes at least that long
        long start = System.nanoTime();
        noRetries.listCases(r -> {});
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300);
    }

    @Test
    void concurrentClientsAreServedAndEachTokenCreatesOneCase() throws Exception {
        // given 8 threads each sending the same 4 client tokens, with latency so requests overlap
        emulator.faults().latency(Duration.ofMillis(50));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String token = "token-" + (i % 4);
            results.add(pool.submit(() -> defaultRetries
                    .createCase(SecurityIrRequests.validCase().clientToken(token).build())
                    .caseId()));
        }

        // when all complete
        List<String> ids = new ArrayList<>();
        for (Future<String> result : results) {
            ids.add(result.get());
        }
        pool.shutdown();

        // then exactly 4 cases exist and every call was answered
        assertEquals(4, ids.stream().distinct().count());
        assertEquals(4, emulator.securityIr().cases().size());
        assertEquals(32, emulator.log().successCount("CreateCase"));
    }
}
