package io.incidentresponse.shared.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {
    // Security IR's IPAddress pattern from the service model, matched against the whole value.
    private static final Pattern MODEL = Pattern.compile(
            "(?:(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?))"
                    + "|(?:(?:[A-F0-9]{1,4}:){7}[A-F0-9]{1,4})"
                    + "|(?:(?:[A-F0-9]{1,4}:){6}(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?))");

    @ParameterizedTest
    @CsvSource({
            "2001:db8:85a3::8a2e:370:7334, 2001:DB8:85A3:0:0:8A2E:370:7334",
            "2001:db8::1, 2001:DB8:0:0:0:0:0:1",
            "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:DB8:0:0:0:0:0:1",
            "::ffff:198.51.100.7, 198.51.100.7",
            "2001:db8::198.51.100.7, 2001:DB8:0:0:0:0:C633:6407",
            "[2001:db8::2], 2001:DB8:0:0:0:0:0:2",
            "fe80::1%eth0, FE80:0:0:0:0:0:0:1",
            "198.51.100.7, 198.51.100.7"})
    void writesEveryAddressInTheFormTheModelPatternAccepts(String input, String expected) {
        // when
        String canonical = IpAddress.parse(input).orElseThrow().canonical();

        // then
        assertEquals(expected, canonical);
        assertTrue(MODEL.matcher(canonical).matches(), canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-an-ip", "256.1.1.1", "1.2.3", "1.2.3.4.5", "2001:db8:::1", "2001::db8::1",
            "1:2:3:4:5:6:7:8:9", "12345::1", "１.２.３.４", "2001:db8::１", "example.com", "1.2.3.-4"})
    void refusesWhatIsNotAnIpLiteralWithoutResolvingIt(String input) {
        assertTrue(IpAddress.parse(input).isEmpty(), input);
    }

    @ParameterizedTest
    @CsvSource({
            "10.1.2.3, private", "172.16.0.1, private", "192.168.1.1, private", "127.0.0.1, loopback",
            "169.254.169.254, link-local", "100.64.0.1, carrier-grade NAT", "0.0.0.0, unspecified",
            "224.0.0.1, multicast", "::1, loopback", "::, unspecified", "fd00::1, private (unique local)",
            "fe80::1, link-local", "ff02::1, multicast"})
    void namesWhyAnAddressSaysNothingAboutAnAttacker(String input, String reason) {
        assertEquals(reason, IpAddress.parse(input).orElseThrow().unusableReason().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.51.100.7", "203.0.113.9", "8.8.8.8", "172.32.0.1", "2001:db8::1", "2a00:1450::1"})
    void treatsPublicAndDocumentationAddressesAsUsable(String input) {
        assertTrue(IpAddress.parse(input).orElseThrow().unusableReason().isEmpty(), input);
    }
}
