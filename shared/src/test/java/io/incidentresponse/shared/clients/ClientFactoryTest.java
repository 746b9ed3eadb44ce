package io.incidentresponse.shared.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentresponse.shared.config.ConfigurationException;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.function.PollerFunction;
import io.incidentresponse.shared.log.JsonLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class ClientFactoryTest {
    private static ClientFactory factory(Map<String, String> env) {
        return new ClientFactory(new Settings(env), AnonymousCredentialsProvider.create());
    }

    @Test
    void securityIrTalksToTheMembershipRegionAndEveryOtherClientToTheStacks() {
        try (ClientFactory clients = factory(Map.of("AWS_REGION", "eu-west-1", "SECURITY_IR_REGION", "us-east-1"))) {
            assertEquals(Region.US_EAST_1, clients.securityIr().serviceClientConfiguration().region());
            assertEquals(Region.EU_WEST_1, clients.dynamoDb().serviceClientConfiguration().region());
            assertEquals(Region.EU_WEST_1, clients.eventBridge().serviceClientConfiguration().region());
            assertEquals(Region.EU_WEST_1, clients.ssmIncidents().serviceClientConfiguration().region());
        }
    }

    @Test
    void withoutAMembershipRegionSecurityIrTalksToTheStacksRegion() {
        try (ClientFactory clients = factory(Map.of("AWS_REGION", "eu-west-1", "SECURITY_IR_REGION", " "))) {
            assertEquals(Region.EU_WEST_1, clients.securityIrRegion());
            assertEquals(Region.EU_WEST_1, clients.securityIr().serviceClientConfiguration().region());
        }
    }

    @Test
    void aMembershipRegionThatIsNoRegionNameStopsTheStartNamingTheVariable() {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> factory(Map.of("AWS_REGION", "eu-west-1", "SECURITY_IR_REGION", "Virginia")));
        assertTrue(error.getMessage().contains("SECURITY_IR_REGION"), error.getMessage());
        assertTrue(error.getMessage().contains("'Virginia'"), error.getMessage());
    }

    @Test
    void aMembershipRegionSecurityIrIsNotListedInIsOneWarningAtStartUp() {
        // given
        List<String> lines = new ArrayList<>();
        try (ClientFactory clients = factory(Map.of("AWS_REGION", "eu-west-1", "SECURITY_IR_REGION", "ap-southeast-7"))) {
            // when
            PollerFunction.create(new Settings(Map.of("LEDGER_TABLE", "t")), clients, Clock.systemUTC(), new JsonLog(lines::add));
        }

        // then
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("\"WARN\"") && lines.get(0).contains("SECURITY_IR_REGION ap-southeast-7"), lines.get(0));
    }

    @Test
    void aSnapStartVersionTakesTheRolesCredentialsFromTheContainerEndpointAnyOtherFromTheEnvironment() {
        assertTrue(ClientFactory.credentials(new Settings(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/credentials")))
                instanceof ContainerCredentialsProvider);
        assertTrue(ClientFactory.credentials(new Settings(Map.of())) instanceof EnvironmentVariableCredentialsProvider);
    }
}
