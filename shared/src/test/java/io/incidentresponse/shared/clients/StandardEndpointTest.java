package io.incidentresponse.shared.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointParams;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointProvider;
import software.amazon.awssdk.services.eventbridge.endpoints.EventBridgeEndpointParams;
import software.amazon.awssdk.services.eventbridge.endpoints.EventBridgeEndpointProvider;
import software.amazon.awssdk.services.securityir.endpoints.SecurityIrEndpointParams;
import software.amazon.awssdk.services.securityir.endpoints.SecurityIrEndpointProvider;
import software.amazon.awssdk.services.ssmincidents.endpoints.SsmIncidentsEndpointParams;
import software.amazon.awssdk.services.ssmincidents.endpoints.SsmIncidentsEndpointProvider;

class StandardEndpointTest {
    private static final StandardEndpoint DYNAMODB = StandardEndpoint.amazonaws("dynamodb");

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "us-west-2", "eu-west-1", "eu-central-2", "ap-southeast-2", "ap-southeast-7", "sa-east-1",
            "ca-west-1", "me-central-1", "af-south-1", "il-central-1", "mx-central-1"})
    void aCommercialRegionGetsTheEndpointTheSdksRulesGiveEveryService(String id) {
        Region region = Region.of(id);
        assertEquals(DynamoDbEndpointProvider.defaultProvider()
                        .resolveEndpoint(DynamoDbEndpointParams.builder().region(region).useFips(false).useDualStack(false).build()).join().url(),
                DYNAMODB.standard(null, region, false, false).orElseThrow());
        assertEquals(SecurityIrEndpointProvider.defaultProvider()
                        .resolveEndpoint(SecurityIrEndpointParams.builder().region(region).useFips(false).build()).join().url(),
                StandardEndpoint.apiAws("security-ir").standard(null, region, false, false).orElseThrow());
        assertEquals(SsmIncidentsEndpointProvider.defaultProvider()
                        .resolveEndpoint(SsmIncidentsEndpointParams.builder().region(region).useFips(false).useDualStack(false).build()).join().url(),
                StandardEndpoint.amazonaws("ssm-incidents").standard(null, region, false, false).orElseThrow());
        assertEquals(EventBridgeEndpointProvider.defaultProvider()
                        .resolveEndpoint(EventBridgeEndpointParams.builder().region(region).useFips(false).useDualStack(false).build()).join().url(),
                StandardEndpoint.amazonaws("events").standard(null, region, false, false).orElseThrow());
    }

    @Test
    void theEndpointOverrideIsTheEndpointInAnyRegion() {
        for (Region region : List.of(Region.EU_WEST_1, Region.CN_NORTH_1)) {
            assertEquals(Optional.of(URI.create("http://127.0.0.1:4566")), DYNAMODB.standard("http://127.0.0.1:4566", region, false, null));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cn-north-1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1", "eusc-de-east-1", "aws-global"})
    void aRegionOfAnotherPartitionIsLeftToTheSdksRules(String id) {
        assertTrue(DYNAMODB.standard(null, Region.of(id), false, false).isEmpty(), id);
    }

    @Test
    void fipsOrDualStackIsLeftToTheSdksRulesWithOrWithoutAnOverride() {
        assertTrue(DYNAMODB.standard(null, Region.US_EAST_1, true, false).isEmpty());
        assertTrue(DYNAMODB.standard(null, Region.US_EAST_1, false, true).isEmpty());
        assertTrue(DYNAMODB.standard("http://127.0.0.1:4566", Region.US_EAST_1, true, null).isEmpty());
    }

    @Test
    void whatIsLeftToTheRulesIsWhatTheDefaultProviderResolves() {
        DynamoDbEndpointParams fips = DynamoDbEndpointParams.builder().region(Region.US_EAST_1).useFips(true).useDualStack(false).build();
        assertEquals(URI.create("https://dynamodb-fips.us-east-1.amazonaws.com"),
                DYNAMODB.resolve(null, fips.region(), fips.useFips(), fips.useDualStack(),
                        () -> DynamoDbEndpointProvider.defaultProvider().resolveEndpoint(fips)).join().url());
    }
}
