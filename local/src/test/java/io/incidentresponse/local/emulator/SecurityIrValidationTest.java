package io.incidentresponse.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.securityir.model.CreateCaseRequest;
import software.amazon.awssdk.services.securityir.model.ThreatActorIp;
import software.amazon.awssdk.services.securityir.model.ValidationException;
import software.amazon.awssdk.services.securityir.model.ValidationExceptionField;
import software.amazon.awssdk.services.securityir.model.ValidationExceptionReason;
import software.amazon.awssdk.services.securityir.model.Watcher;

class SecurityIrValidationTest extends EmulatorFixture<SecurityIrClient> {
    SecurityIrValidationTest() {
        super(SdkClients::securityIr);
    }

    @Test
    void titleOf301CharactersIsRejected() {
        // given a title one over the 300 maximum
        ValidationException e = rejected(b -> b.title("t".repeat(301)));

        // then the SDK sees the field, the constraint and nothing was created
        assertEquals(ValidationExceptionReason.FIELD_VALIDATION_FAILED, e.reason());
        assertField(e, "title", "length less than or equal to 300");
        assertEquals(400, e.statusCode());
        assertEquals(0, emulator.securityIr().cases().size());
    }

    @Test
    void titleLengthCountsUnicodeCodePointsNotUtf16Units() {
        // given a title of 300 emoji: 300 code points but 600 UTF-16 chars
        String emoji = "\uD83D\uDEA8".repeat(300);

        // when the case is created, then it is accepted
        String caseId = client.createCase(SecurityIrRequests.validCase().title(emoji).build()).caseId();
        assertEquals(emoji, client.getCase(r -> r.caseId(caseId)).title());
    }

    @Test
    void thirtyOneWatchersAreRejected() {
        // given 31 watchers where at most 30 are allowed
        List<Watcher> watchers = IntStream.range(0, 31)
                .mapToObj(i -> Watcher.builder().email("w" + i + "@example.com").build()).toList();

        // when sent, then the list size constraint is named
        assertField(rejected(b -> b.watchers(watchers)), "watchers", "number of items less than or equal to 30");
    }

    @Test
    void elevenDigitAccountIsRejectedByLengthAndPattern() {
        // given an 11-digit account id
        ValidationException e = rejected(b -> b.impactedAccounts("123456789012", "12345678901"));

        // then the second item is named with both constraints
        assertField(e, "impactedAccounts.1", "length greater than or equal to 12");
        assertField(e, "impactedAccounts.1", "regular expression pattern: [0-9]{12}");
        assertTrue(e.getMessage().startsWith("2 validation errors detected"), e.getMessage());
    }

    @Test
    void lowercaseCompressedIpv6ThreatActorIsRejected() {
        // given a compressed lowercase IPv6 address as the fourth threat actor
        List<ThreatActorIp> actors =
                List.of(ip("198.51.100.1"), ip("198.51.100.2"), ip("198.51.100.3"), ip("2001:db8::1"));

        // when sent, then the pattern violation names the indexed member path
        assertField(rejected(b -> b.threatActorIpAddresses(actors)), "threatActorIpAddresses.3.ipAddress",
                "regular expression pattern");
    }

    @Test
    void fullUppercaseIpv6ThreatActorIsAccepted() {
        // given the same address written in full, uppercase, as the model's pattern expects
        var request =
                SecurityIrRequests.validCase().threatActorIpAddresses(ip("2001:0DB8:0000:0000:0000:0000:0000:0001"));

        // when sent, then the case is created
        assertTrue(client.createCase(request.build()).caseId().matches("\\d{10}"));
    }

    @Test
    void patternMustMatchTheWholeValue() {
        // given an IPv4 address followed by junk, which the service's find-anywhere regex would accept
        ValidationException e = rejected(b -> b.threatActorIpAddresses(ip("198.51.100.7 extra")));

        // then the emulator's whole-value matching rejects it
        assertField(e, "threatActorIpAddresses.0.ipAddress", "regular expression pattern");
    }

    @Test
    void unknownEnumValueIsRejected() {
        // given an engagement type outside the enum
        ValidationException e = rejected(b -> b.engagementType("Incident"));

        // then the allowed values are listed
        assertField(e, "engagementType", "enum value set: [Security Incident, Investigation]");
    }

    @Test
    void missingRequiredMemberIsRejected() {
        // given a request without a title (the SDK does not check required members itself)
        ValidationException e = rejected(b -> b.title(null));

        // then the member is named as missing
        assertField(e, "title", "must not be null");
    }

    @Test
    void numberOutOfRangeIsRejected() {
        // given maxResults above the model's 25
        ValidationException e = assertThrows(ValidationException.class, () -> client.listCases(r -> r.maxResults(26)));

        // then the range is named
        assertField(e, "maxResults", "value less than or equal to 25");
    }

    @Test
    void pathLabelIsValidatedToo() {
        // given a case id shorter than the model's 10 characters in the URI
        ValidationException e = assertThrows(ValidationException.class, () -> client.getCase(r -> r.caseId("123")));

        // then the URI member is named
        assertField(e, "caseId", "length greater than or equal to 10");
    }

    @Test
    void rejectionsAreLoggedWithTheirMessages() {
        // given one rejected and one accepted request
        rejected(b -> b.title("t".repeat(301)));
        client.createCase(SecurityIrRequests.validCase().build());

        // then the log counts both and keeps the rejection's field errors
        assertEquals(2, emulator.log().count("CreateCase"));
        assertEquals(1, emulator.log().successCount("CreateCase"));
        CallLog.Rejection rejection = emulator.log().rejections().get(0);
        assertEquals("CreateCase", rejection.operation());
        assertEquals("ValidationException", rejection.errorType());
        assertEquals("title", rejection.fieldErrors().get(0).name());
    }

    @Test
    void timestampMustBeEpochSecondsNumber() throws Exception {
        // given a raw request whose timestamp is an ISO string and that carries an unknown member
        String body = Json.MAPPER.writeValueAsString(
                SecurityIrRequests.validCaseBody().put("reportedIncidentStartDate", "2025-01-01T00:00:00Z"));

        // when posted, then the timestamp is rejected
        HttpResponse<String> response =
                SdkClients.raw(emulator.endpoint(), "security-ir", "POST", "/v1/create-case", body);
        assertEquals(400, response.statusCode());
        assertEquals("ValidationException", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        JsonNode error = Json.MAPPER.readTree(response.body());
        assertEquals("FIELD_VALIDATION_FAILED", error.path("reason").asText());
        assertEquals("reportedIncidentStartDate", error.path("fieldList").get(0).path("name").asText());
        assertTrue(error.path("message").asText().contains("epoch seconds"));
    }

    @Test
    void unknownMembersAreIgnored() throws Exception {
        // given a valid raw body with a member the model does not declare
        String body = Json.MAPPER.writeValueAsString(SecurityIrRequests.validCaseBody().put("severity", "HIGH"));

        // when posted, then the case is created
        HttpResponse<String> response =
                SdkClients.raw(emulator.endpoint(), "security-ir", "POST", "/v1/create-case", body);
        assertEquals(201, response.statusCode());
        assertTrue(Json.MAPPER.readTree(response.body()).path("caseId").asText().matches("\\d{10}"));
    }

    @Test
    void malformedJsonIsRejectedAsCannotParse() throws Exception {
        // given a body that is not JSON
        HttpResponse<String> response =
                SdkClients.raw(emulator.endpoint(), "security-ir", "POST", "/v1/create-case", "{title:");

        // then it is a CANNOT_PARSE ValidationException
        assertEquals(400, response.statusCode());
        assertEquals("CANNOT_PARSE", Json.MAPPER.readTree(response.body()).path("reason").asText());
    }

    @Test
    void unknownOperationAnswers404() throws Exception {
        // given a path no Security IR operation has
        HttpResponse<String> response =
                SdkClients.raw(emulator.endpoint(), "security-ir", "POST", "/v1/no-such-thing", "{}");

        // then it is an UnknownOperationException, logged as a rejection
        assertEquals(404, response.statusCode());
        assertEquals("UnknownOperationException", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertEquals("UnknownOperationException", emulator.log().rejections().get(0).errorType());
    }

    private static ThreatActorIp ip(String address) {
        return ThreatActorIp.builder().ipAddress(address).build();
    }

    private ValidationException rejected(Consumer<CreateCaseRequest.Builder> breakIt) {
        CreateCaseRequest.Builder request = SecurityIrRequests.validCase();
        breakIt.accept(request);
        return assertThrows(ValidationException.class, () -> client.createCase(request.build()));
    }

    private static void assertField(ValidationException e, String name, String constraint) {
        List<ValidationExceptionField> matching = e.fieldList().stream()
                .filter(f -> f.name().equals(name) && f.message().contains(constraint) && f.message().contains(name))
                .toList();
        assertTrue(!matching.isEmpty(), () -> "no field " + name + " with '" + constraint + "' in " + e.fieldList());
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }
}
