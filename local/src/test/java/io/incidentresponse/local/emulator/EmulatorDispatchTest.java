package io.incidentresponse.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssmincidents.SsmIncidentsClient;
import software.amazon.awssdk.services.ssmincidents.model.SsmIncidentsException;

class EmulatorDispatchTest {
    private Emulator emulator;

    @BeforeEach
    void start() {
        emulator = Emulator.start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void unsignedRequestIsRoutedByPath() throws Exception {
        // given no Authorization header, when GetIncidentRecord is called by path with a query string
        String arn = "arn:aws:ssm-incidents::000000000000:incident-record/incident-response-demo/abc";
        HttpResponse<String> response = SdkClients.raw(emulator.endpoint(), null, "GET",
                "/getIncidentRecord?arn=" + java.net.URLEncoder.encode(arn, java.nio.charset.StandardCharsets.UTF_8),
                null);

        // then Incident Manager answered, with its ResourceNotFoundException members
        assertEquals(404, response.statusCode());
        assertEquals("ResourceNotFoundException", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertEquals("INCIDENT_RECORD", body.path("resourceType").asText());
        assertEquals(arn, body.path("resourceIdentifier").asText());
    }

    @Test
    void missingQueryMemberIsAValidationError() throws Exception {
        // given GetIncidentRecord without its required arn query parameter
        HttpResponse<String> response =
                SdkClients.raw(emulator.endpoint(), "ssm-incidents", "GET", "/getIncidentRecord", null);

        // then Incident Manager's ValidationException carries only a message, naming the member
        assertEquals(400, response.statusCode());
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertTrue(body.path("message").asText().contains("Value at 'arn' failed to satisfy constraint"));
        assertTrue(body.path("fieldList").isMissingNode(), response.body());
    }

    @Test
    void unknownServiceAnswers404() throws Exception {
        // given a request signed for a service the emulator does not serve
        HttpResponse<String> response = SdkClients.raw(emulator.endpoint(), "s3", "GET", "/bucket", null);

        // then UnknownOperationException, logged as a rejection
        assertEquals(404, response.statusCode());
        assertEquals("UnknownOperationException", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertEquals("s3", emulator.log().rejections().get(0).service());
    }

    @Test
    void modelledButUnimplementedOperationAnswers501() {
        // given an Incident Manager operation the emulator does not implement
        try (SsmIncidentsClient client = SdkClients.ssmIncidents(emulator.endpoint())) {
            // when called, then the SDK sees NotImplementedException
            var e = org.junit.jupiter.api.Assertions.assertThrows(SsmIncidentsException.class,
                    () -> client.listResponsePlans(r -> {}));
            assertEquals(501, e.statusCode());
            assertEquals("NotImplementedException", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void resetForgetsStateCallsFaultsAndPlans() {
        // given state in every service, a fault and an extra plan
        emulator.incidentManager().registerResponsePlan("arn:aws:ssm-incidents::000000000000:response-plan/extra");
        emulator.faults().throttle("CreateCase", 5);
        try (SsmIncidentsClient client = SdkClients.ssmIncidents(emulator.endpoint())) {
            client.startIncident(r -> r.responsePlanArn(IncidentManagerService.DEMO_RESPONSE_PLAN_ARN).title("t"));
        }

        // when reset
        emulator.reset();

        // then everything is as freshly started
        assertEquals(0, emulator.incidentManager().incidents().size());
        assertEquals(1, emulator.incidentManager().responsePlans().size());
        assertEquals(0, emulator.faults().pending("CreateCase"));
        assertEquals(0, emulator.log().calls().size());
    }

    @Test
    void noThreadOfTheEmulatorCanKeepTheJvmAlive() throws Exception {
        // given the emulator has served a request, so its dispatcher and a worker are running
        SdkClients.raw(emulator.endpoint(), null, "GET", "/getIncidentRecord?arn=x", null);

        // when its threads are listed
        List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("HTTP-Dispatcher") || t.getName().startsWith("emulator-http-")).toList();

        // then there are some, and every one is a daemon
        assertTrue(threads.size() >= 2, threads.toString());
        assertTrue(threads.stream().allMatch(Thread::isDaemon), threads.toString());
    }
}
