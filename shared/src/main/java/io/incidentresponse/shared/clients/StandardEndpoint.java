package io.incidentresponse.shared.clients;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.regions.Region;

/**
 * A service's endpoint without the SDK's rules engine, for the one case this product meets: the
 * standard regional endpoint of the commercial partition ({@code https://dynamodb.eu-west-1.amazonaws.com}),
 * or the endpoint override ({@code AWS_ENDPOINT_URL_*}). Each client's default endpoint provider
 * evaluates its service's endpoint rules and the partitions' data on every request; the first time
 * that loads about 150 classes and parses the rule set (issue 13, BENCHMARKS.md). Anything else
 * ({@code AWS_USE_FIPS_ENDPOINT}, {@code AWS_USE_DUALSTACK_ENDPOINT}, a region of another partition:
 * China, GovCloud, the ISO and European sovereign ones) is resolved by the SDK's default provider,
 * built only then, so nothing the rules would give is lost there.
 *
 * <p>Given up: DynamoDB's account-based endpoints ({@code <account>.ddb.<region>.amazonaws.com}),
 * which the rules choose only when the credentials carry an account id; Lambda's environment
 * credentials carry none, and the regional endpoint serves every account.
 */
final class StandardEndpoint {
    // The commercial partition's region pattern, as the SDK's partitions data gives it ("aws").
    private static final Pattern COMMERCIAL_REGION = Pattern.compile("^(us|eu|ap|sa|ca|me|af|il|mx)-\\w+-\\d+$");

    private final String host;
    private final String dnsSuffix;

    private StandardEndpoint(String host, String dnsSuffix) {
        this.host = host;
        this.dnsSuffix = dnsSuffix;
    }

    /** A service whose regional endpoint is {@code https://<host>.<region>.amazonaws.com}. */
    static StandardEndpoint amazonaws(String host) {
        return new StandardEndpoint(host, "amazonaws.com");
    }

    /** A service whose rules give the dual-stack name as its only one ({@code https://<host>.<region>.api.aws}): Security IR. */
    static StandardEndpoint apiAws(String host) {
        return new StandardEndpoint(host, "api.aws");
    }

    /**
     * The endpoint for these parameters of the SDK's endpoint resolution (the override, the region,
     * the FIPS and dual-stack switches the SDK has read from the environment), else what the default
     * provider resolves.
     */
    CompletableFuture<Endpoint> resolve(String override, Region region, Boolean fips, Boolean dualStack,
                                        Supplier<CompletableFuture<Endpoint>> rules) {
        return standard(override, region, fips, dualStack)
                .map(url -> CompletableFuture.completedFuture(Endpoint.builder().url(url).build()))
                .orElseGet(rules);
    }

    Optional<URI> standard(String override, Region region, Boolean fips, Boolean dualStack) {
        if (Boolean.TRUE.equals(fips) || Boolean.TRUE.equals(dualStack)) {
            return Optional.empty();
        }
        if (override != null) {
            return Optional.of(URI.create(override));
        }
        if (region == null || !COMMERCIAL_REGION.matcher(region.id()).matches()) {
            return Optional.empty();
        }
        return Optional.of(URI.create("https://" + host + "." + region.id() + "." + dnsSuffix));
    }
}
