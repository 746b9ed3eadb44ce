package io.incidentresponse.shared.metrics;

import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.function.SignalFunction;
import io.incidentresponse.shared.function.SignalSettings;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.pipeline.FindingSource;
import io.incidentresponse.shared.pipeline.SignalPipeline;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.CaseLinks;
import io.incidentresponse.shared.signal.OpeningAnnouncer;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.testing.EmfLines;
import io.incidentresponse.shared.testing.InMemoryLedger;
import io.incidentresponse.shared.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A target's call that fails after the SDK's retries is counted with its operation, over a real SDK
 * client (a loopback HTTP server answers every Security IR call with an error).
 */
class TargetFailuresTest {
    private HttpServer server;
    private volatile int status;
    private volatile String errorType;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void startFailingService() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"message\":\"injected\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private List<EmfLines.Datum> invoke(List<String> lines) {
        Map<String, String> env = Map.of("AWS_REGION", "us-east-1", "AWS_MAX_ATTEMPTS", "2", "LEDGER_TABLE", "t",
                "WATCHERS_FROM_MEMBERSHIP", "false",
                "AWS_ENDPOINT_URL_SECURITY_IR", "http://127.0.0.1:" + server.getAddress().getPort());
        MutableClock clock = new MutableClock(Instant.parse("2026-10-01T12:00:00Z"));
        try (ClientFactory clients = new ClientFactory(new Settings(env), AnonymousCredentialsProvider.create())) {
            Metrics metrics = new Metrics(lines::add, "IncidentResponse", "fn", clock);
            SignalPipeline pipeline = SignalFunction.pipeline(new FindingSource(), SignalSettings.from(new Settings(env)),
                    new InMemoryLedger(), Map.of(Target.SECURITY_IR, new SecurityIrCases(clients.securityIr())), OpeningAnnouncer.NONE,
                    new CaseLinks("us-east-1", "us-east-1"), new SignalFunction.Output(new JsonLog(lines::add), metrics),
                    clients.failedOperations(), clock, clock::advance);
            assertThrows(SdkException.class, () -> pipeline.handle(stream(text("guardduty/ec2-ssh-brute-force.json")), "req-42"));
        }
        return EmfLines.parse(lines);
    }

    @Test
    void aServerErrorAfterRetriesCountsTargetFailuresByOperationAndLogsTheRequestId() {
        // given
        status = 500;
        errorType = "InternalServerException";
        List<String> lines = new ArrayList<>();

        // when
        List<EmfLines.Datum> data = invoke(lines);

        // then
        assertEquals(2, calls.get(), "the SDK retried before giving up");
        assertEquals(1, EmfLines.sum(data, "TargetFailures", Map.of("FunctionName", "fn")));
        assertEquals(1, EmfLines.sum(data, "TargetFailures", Map.of("FunctionName", "fn", "Operation", "CreateCase")));
        assertEquals(0, EmfLines.sum(data, "Throttled", Map.of("FunctionName", "fn")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"level\":\"ERROR\"") && l.contains("\"requestId\":\"req-42\"")
                && l.contains("\"operation\":\"CreateCase\"")), lines.toString());
    }

    @Test
    void throttlingAfterRetriesIsAlsoCountedAsThrottled() {
        // given
        status = 429;
        errorType = "ThrottlingException";

        // when
        List<EmfLines.Datum> data = invoke(new ArrayList<>());

        // then
        assertEquals(1, EmfLines.sum(data, "TargetFailures", Map.of("FunctionName", "fn", "Operation", "CreateCase")));
        assertEquals(1, EmfLines.sum(data, "Throttled", Map.of("FunctionName", "fn")));
    }
}
