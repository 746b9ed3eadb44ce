package io.incidentresponse.local.it;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.functions.guardduty.GuardDutyFindingHandler;
import io.incidentresponse.functions.poller.CasePollerHandler;
import io.incidentresponse.local.dynamodb.LedgerTableDefinition;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.local.emulator.SecurityIrMembership;
import io.incidentresponse.local.engine.EventRuleQueue;
import io.incidentresponse.local.engine.TestEngines;
import io.incidentresponse.local.template.SamTemplate;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.function.PollerFunction;
import io.incidentresponse.shared.function.SignalFunction;
import io.incidentresponse.shared.function.SignalSettings;
import io.incidentresponse.shared.ledger.DynamoDbLedger;
import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.pipeline.FindingSource;
import io.incidentresponse.shared.securityir.MembershipTeam;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.testing.MutableClock;
import io.incidentresponse.shared.tracking.Sleeper;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.signal.StatusChange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Organisation-wide coverage end to end: findings from many regions and member accounts end in
 * cases in the Security IR membership's region, with the stack elsewhere (every Security IR call
 * signed for the membership's region, everything else in the stack's), and with the stack in the
 * membership's region and forwarders (forwarder.yaml's rules, on the local engine) in the others.
 * Every case names its finding's own account and region and has the membership's team as watchers.
 */
class OrganisationIT {
    private static final String SSH = "guardduty/ec2-ssh-brute-force.json";
    private static final String MEMBERSHIP_REGION = "us-east-1";
    /** The GuardDuty delegated administrator: the account every event arrives in. */
    private static final String ADMINISTRATOR = "999988887777";
    private static final List<SecurityIrMembership.Responder> TEAM = List.of(
            new SecurityIrMembership.Responder("Ana Lima", "Incident Response Lead", "ana.lima@example.com"),
            new SecurityIrMembership.Responder("Bo Chen", "Security Analyst", "SOC@example.com"),
            new SecurityIrMembership.Responder("Cy Dorn", "Cloud Engineer", "cy.dorn@example.com"));

    private final Emulator emulator = TestStack.emulator();

    /** A high-severity finding about member account {@code account} in {@code region}, as the administrator receives it. */
    private static String finding(String region, String account, String id, double severity) {
        return edited(SSH, tree -> {
            tree.put("id", "event-" + id).put("region", region).put("account", ADMINISTRATOR);
            ObjectNode detail = (ObjectNode) tree.get("detail");
            detail.put("id", id).put("region", region).put("accountId", account).put("severity", severity)
                    .put("arn", "arn:aws:guardduty:" + region + ":" + account + ":detector/d04ad45f8d342e220f55255275b7784a/finding/" + id);
        });
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C engineClient(B builder, URI endpoint, String region) {
        return builder.endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("it", "it")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private static JsonNode invoke(GuardDutyFindingHandler handler, String json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(stream(json), out, null);
        return EventJson.MAPPER.readTree(out.toByteArray());
    }

    /** The environment of a stack in {@code stackRegion}, with a new ledger table there. */
    private Map<String, String> stackIn(String stackRegion, DynamoDbClient dynamoDb, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(TestStack.freshEnvironment(extra));
        String table = TestStack.uniqueName("ledger-org");
        LedgerTableDefinition.fromClasspath().createTable(dynamoDb, table);
        env.put("AWS_REGION", stackRegion);
        env.put("LEDGER_TABLE", table);
        emulator.securityIr().setMembership(MEMBERSHIP_REGION, TEAM);
        return env;
    }

    private void assertEveryCaseIsTheFindingsOwnWithTheTeam(Map<String, String[]> findings) {
        var cases = emulator.securityIr().cases();
        assertEquals(findings.size(), cases.size(), cases.toString());
        for (var opened : cases) {
            String findingId = opened.tags().get("finding-id");
            String[] regionAndAccount = findings.get(findingId);
            JsonNode doc = opened.document();
            assertTrue(opened.caseArn().startsWith("arn:aws:security-ir:" + MEMBERSHIP_REGION + ":"), opened.caseArn());
            assertEquals("[\"" + regionAndAccount[1] + "\"]", doc.path("impactedAccounts").toString(), "the member, not " + ADMINISTRATOR);
            assertEquals("[{\"region\":\"" + regionAndAccount[0] + "\"}]", doc.path("impactedAwsRegions").toString());
            assertTrue(doc.path("description").asText().contains("Region: " + regionAndAccount[0]), doc.path("description").asText());
            List<String> watchers = new ArrayList<>();
            doc.path("watchers").forEach(w -> watchers.add(w.path("email").asText()));
            assertEquals(List.of("soc@example.com", "ana.lima@example.com", "cy.dorn@example.com"), watchers,
                    "the configured watcher first, then the team, SOC@example.com once");
            assertEquals("Incident Response Lead", doc.at("/watchers/1/jobTitle").asText());
        }
        assertTrue(emulator.securityIr().tokensReusedWithADifferentRequest().isEmpty());
        assertTrue(emulator.log().rejections().isEmpty(), emulator.log().rejections().toString());
    }

    @Test
    void findingsFromFiveRegionsOpenCasesInTheMembershipRegionWithTheStackInAnother() throws IOException {
        String stackRegion = "eu-west-1";
        URI engine = TestEngines.endpoint();
        try (DynamoDbClient dynamoDb = engineClient(DynamoDbClient.builder(), TestEngines.dynamoDbEndpoint(), stackRegion);
             EventBridgeClient events = engineClient(EventBridgeClient.builder(), engine, stackRegion);
             SqsClient sqs = engineClient(SqsClient.builder(), engine, stackRegion)) {
            // given a stack in eu-west-1 whose membership is in us-east-1, and findings about five member accounts in five regions
            Map<String, String> env = stackIn(stackRegion, dynamoDb, Map.of("SECURITY_IR_REGION", MEMBERSHIP_REGION,
                    "WATCHERS", "soc@example.com"));
            Map<String, String[]> findings = new LinkedHashMap<>();
            String[][] sources = {{"eu-west-1", "111111111111"}, {"us-east-1", "222222222222"}, {"eu-central-1", "333333333333"},
                    {"ap-southeast-2", "444444444444"}, {"sa-east-1", "555555555555"}};
            for (int i = 0; i < sources.length; i++) {
                findings.put("f" + i + "c3473f376bafe35b67eba3f2b0c", sources[i]);
            }
            try (ClientFactory clients = TestStack.clients(env);
                 EventRuleQueue statusEvents = EventRuleQueue.create(events, sqs, "default", TestStack.uniqueName("org-status"),
                         EventRuleQueue.pattern(StatusChange.SOURCE, StatusChange.DETAIL_TYPE), TestEngines.eventDelivery())) {
                GuardDutyFindingHandler handler = new GuardDutyFindingHandler(new Settings(env), clients);

                // when each is delivered (twice: a redelivery is a repeat, not a case)
                for (Map.Entry<String, String[]> entry : findings.entrySet()) {
                    String event = finding(entry.getValue()[0], entry.getValue()[1], entry.getKey(), 8.0);
                    assertEquals("created", invoke(handler, event).path("status").asText());
                    assertEquals("repeat", invoke(handler, event).path("status").asText());
                }

                // then every case is in the membership's region, the finding's own, with the team
                assertEveryCaseIsTheFindingsOwnWithTheTeam(findings);
                assertEquals(List.of(MEMBERSHIP_REGION, MEMBERSHIP_REGION, MEMBERSHIP_REGION, MEMBERSHIP_REGION, MEMBERSHIP_REGION),
                        emulator.log().regions("CreateCase"), "every CreateCase signed for the membership's region");
                assertEquals(List.of(MEMBERSHIP_REGION), emulator.log().regions("ListMemberships"), "the team read once per container");
                assertEquals(List.of(MEMBERSHIP_REGION), emulator.log().regions("GetMembership"));
                // and the ledger is the stack's, in eu-west-1, one item per finding keyed by its account and region
                List<Map<String, AttributeValue>> items = TestStack.withoutBudgets(
                        dynamoDb.scan(r -> r.tableName(env.get("LEDGER_TABLE")).consistentRead(true)).items());
                assertEquals(5, items.size());
                Map<String, String> keys = new TreeMap<>();
                items.forEach(item -> keys.put(item.get("pk").s(), item.get("region").s()));
                for (Map.Entry<String, String[]> entry : findings.entrySet()) {
                    String key = "guardduty#" + entry.getValue()[1] + "#" + entry.getValue()[0] + "#" + entry.getKey();
                    assertEquals(entry.getValue()[0], keys.get(key), keys.toString());
                }
                items.forEach(item -> assertEquals(3, item.get("watchers").l().size(), "the claim records the case's watchers"));

                // when a case changes and the poller runs (in eu-west-1)
                String caseId = emulator.securityIr().cases().get(2).caseId();
                emulator.securityIr().setCaseStatus(caseId, "Detection and Analysis");
                CasePollerHandler poller = new CasePollerHandler(PollerFunction.create(new Settings(env), clients,
                        Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)), JsonLog.discard()));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                poller.handleRequest(stream(text("schedule/scheduled-poll.json")), out, null);

                // then it read the cases in the membership's region and announced the change in the stack's, linking the case there
                assertTrue(emulator.log().regions("GetCase").size() >= 5, emulator.log().counts().toString());
                assertTrue(emulator.log().regions("GetCase").stream().allMatch(MEMBERSHIP_REGION::equals), emulator.log().regions("GetCase").toString());
                List<JsonNode> announced = statusEvents.received();
                assertEquals(1, announced.size(), announced.toString());
                assertEquals("https://us-east-1.console.aws.amazon.com/security-ir/home?region=us-east-1#/cases/" + caseId,
                        announced.get(0).at("/detail/consoleUrl").asText());
                System.out.println("OrganisationIT: stack in " + stackRegion + ", membership in " + MEMBERSHIP_REGION
                        + "; findings from " + findings.values().stream().map(f -> f[0] + " (account " + f[1] + ")").toList()
                        + "; emulator calls by the region they were signed for: " + signedFor());
            }
        }
    }

    @Test
    void aRedeliveryAfterAContainerDiedSendsTheWatchersItsClaimRecordedThoughTheTeamIsReadableByThen() throws IOException {
        // given a container whose team lookup is throttled past every retry, which creates the case and dies before recording it
        Map<String, String> env = stackIn(MEMBERSHIP_REGION, TestStack.dynamoDb(), Map.of("WATCHERS", "soc@example.com"));
        emulator.faults().throttle("ListMemberships", 5);
        MutableClock clock = new MutableClock(Instant.now());
        try (ClientFactory clients = TestStack.clients(env)) {
            SignalSettings settings = SignalSettings.from(new Settings(env));
            DynamoDbLedger real = new DynamoDbLedger(clients.dynamoDb(), env.get("LEDGER_TABLE"));
            Ledger dying = (Ledger) Proxy.newProxyInstance(Ledger.class.getClassLoader(), new Class<?>[] {Ledger.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("opened")) {
                            throw new IllegalStateException("container died");
                        }
                        return method.invoke(real, args);
                    });
            String event = finding("eu-central-1", "333333333333", "died3473f376bafe35b67eba3f2b0c", 8.0);
            try {
                invoke(container(settings, dying, clients, clock), event);
            } catch (IllegalStateException expected) {
                // the container died
            }

            // when Lambda retries in a new container, after the claim's lease, the team now readable
            clock.advance(settings.tracking().claimLease().plusSeconds(1));
            JsonNode outcome = invoke(container(settings, real, clients, clock), event);

            // then one case, both CreateCase requests the same (the configured watcher alone), and the team was read
            assertEquals("created", outcome.path("status").asText(), outcome.toString());
            assertEquals(1, emulator.securityIr().cases().size());
            assertEquals(2, emulator.log().successCount("CreateCase"));
            assertTrue(emulator.securityIr().tokensReusedWithADifferentRequest().isEmpty());
            assertEquals("[{\"email\":\"soc@example.com\"}]", emulator.securityIr().cases().get(0).document().path("watchers").toString());
            assertEquals(1, emulator.log().successCount("GetMembership"));
        }
    }

    /** A new container's GuardDuty function over {@code ledger}, with the membership's team. */
    private static GuardDutyFindingHandler container(SignalSettings settings, Ledger ledger, ClientFactory clients, Clock clock) {
        var securityIr = clients.securityIr();
        MembershipTeam team = new MembershipTeam(securityIr, MEMBERSHIP_REGION, settings.membershipRefresh(), clock, JsonLog.discard());
        return new GuardDutyFindingHandler(SignalFunction.pipeline(new FindingSource(), settings, ledger,
                Map.of(io.incidentresponse.shared.signal.Target.SECURITY_IR, new SecurityIrCases(securityIr, team)), clock, Sleeper.REAL,
                JsonLog.discard()));
    }

    @Test
    void forwardersInFourRegionsBringTheirFindingsToTheStackInTheMembershipRegion() throws IOException {
        assumeTrue(TestEngines.localStack().isEmpty(), "runs on moto: it puts aws.guardduty events, which only AWS services may on AWS");
        URI engine = TestEngines.endpoint();
        List<String> forwarded = List.of("eu-west-1", "eu-central-1", "ap-southeast-2", "sa-east-1");
        SamTemplate forwarder = SamTemplate.fromClasspath(SamTemplate.FORWARDER);
        JsonNode forwarderPattern = forwarder.eventPattern(
                forwarder.resource("GuardDutyFindingForwarder", "AWS::Events::Rule").at("/Properties/EventPattern"));
        SamTemplate central = SamTemplate.bundled();
        JsonNode centralPattern = central.eventPattern(central.resource("GuardDutyFindingFunction", "AWS::Serverless::Function")
                .at("/Properties/Events/GuardDutyFinding/Properties/Pattern"));
        String rule = TestStack.uniqueName("forwarder");
        List<EventBridgeClient> regional = new ArrayList<>();
        try (EventBridgeClient home = engineClient(EventBridgeClient.builder(), engine, MEMBERSHIP_REGION);
             SqsClient homeSqs = engineClient(SqsClient.builder(), engine, MEMBERSHIP_REGION);
             // the home stack's GuardDuty rule, its function stood in for by a queue
             EventRuleQueue homeRule = EventRuleQueue.create(home, homeSqs, "default", TestStack.uniqueName("home-guardduty"),
                     centralPattern, TestEngines.eventDelivery())) {
            String homeBus = home.describeEventBus(r -> r.name("default")).arn();
            // given forwarder.yaml's rule in four regions, targeting the home region's default bus
            for (String region : forwarded) {
                EventBridgeClient events = engineClient(EventBridgeClient.builder(), engine, region);
                regional.add(events);
                events.putRule(r -> r.name(rule).state(RuleState.ENABLED).eventPattern(forwarderPattern.toString()));
                events.putTargets(r -> r.rule(rule).targets(Target.builder().id("home-region-bus").arn(homeBus)
                        .roleArn("arn:aws:iam::000000000000:role/forwarder").build()));
            }
            Map<String, String> env = stackIn(MEMBERSHIP_REGION, TestStack.dynamoDb(), Map.of("WATCHERS", "soc@example.com"));
            Map<String, String[]> findings = new LinkedHashMap<>();

            // when each region's GuardDuty publishes a high finding, a low one, and something else
            for (int i = 0; i < forwarded.size(); i++) {
                String region = forwarded.get(i);
                String account = Integer.toString(6 + i).repeat(12);
                String id = "fwd" + i + "3473f376bafe35b67eba3f2b0c";
                findings.put(id, new String[] {region, account});
                JsonNode high = EventJson.MAPPER.readTree(finding(region, account, id, 8.0));
                JsonNode low = EventJson.MAPPER.readTree(finding(region, account, "low" + id, 3.0));
                regional.get(i).putEvents(r -> r.entries(entry(high), entry(low),
                        PutEventsRequestEntry.builder().source("aws.ec2").detailType("EC2 Instance State-change Notification")
                                .detail("{\"state\":\"running\"}").build()));
            }
            List<JsonNode> arrived = homeRule.received();

            // then exactly the high findings arrive in the home region, and each opens its case there
            assertEquals(forwarded.size(), arrived.size(), arrived.toString());
            ClientFactory clients = TestStack.clients(env);
            try (clients) {
                GuardDutyFindingHandler handler = new GuardDutyFindingHandler(new Settings(env), clients);
                for (JsonNode event : arrived) {
                    assertEquals("created", invoke(handler, event.toString()).path("status").asText());
                }
            }
            assertEveryCaseIsTheFindingsOwnWithTheTeam(findings);
            assertTrue(emulator.log().regions("CreateCase").stream().allMatch(MEMBERSHIP_REGION::equals));
            System.out.println("OrganisationIT: stack in " + MEMBERSHIP_REGION + ", forwarders in " + forwarded
                    + "; emulator calls by the region they were signed for: " + signedFor());
        } finally {
            for (EventBridgeClient events : regional) {
                events.removeTargets(r -> r.rule(rule).ids("home-region-bus"));
                events.deleteRule(r -> r.name(rule));
                events.close();
            }
        }
    }

    /** Each operation the emulator received, with how many calls were signed for which region. */
    private Map<String, Map<String, Integer>> signedFor() {
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        for (var call : emulator.log().calls()) {
            out.computeIfAbsent(call.operation(), k -> new TreeMap<>()).merge(String.valueOf(call.region()), 1, Integer::sum);
        }
        return out;
    }

    private static PutEventsRequestEntry entry(JsonNode event) {
        return PutEventsRequestEntry.builder().source(event.path("source").asText()).detailType(event.path("detail-type").asText())
                .detail(event.path("detail").toString()).build();
    }
}
