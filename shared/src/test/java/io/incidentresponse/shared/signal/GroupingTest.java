package io.incidentresponse.shared.signal;

import static io.incidentresponse.shared.testing.SampleEvents.envelope;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.incidentresponse.shared.alarm.AlarmSignals;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.testing.StormFindings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupingTest {
    private static final Duration HOUR = Duration.ofHours(1);

    private static Signal finding(String json) {
        return FindingSignals.fromEvent(envelope(json, FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE));
    }

    private static Signal sample(String name) {
        return finding(text("guardduty/" + name + ".json"));
    }

    private static Grouping by(Grouping.Part... parts) {
        return new Grouping(List.of(parts), HOUR);
    }

    @ParameterizedTest
    @CsvSource({
            "ACCOUNT, ec2-ssh-brute-force, account=123456789012",
            "REGION, ec2-ssh-brute-force, region=us-east-1",
            "FINDING_TYPE, ec2-ssh-brute-force, findingType=UnauthorizedAccess:EC2/SSHBruteForce",
            "RESOURCE, ec2-ssh-brute-force, resource=i-0b7d3e2f9a1c4d685",
            "ACTOR, ec2-ssh-brute-force, actor=198.51.100.24",
            "RESOURCE, iam-credential-exfiltration, resource=ASIA3XFRBF53YEXAMPLE",
            "RESOURCE, s3-public-access, resource=acme-marketing-assets-prod",
            "RESOURCE, eks-kubernetes-api, resource=payments-prod",
            "ALARM_NAME, ec2-ssh-brute-force, alarmName=(none)"})
    void eachPartIsTheSignalsOwnValue(Grouping.Part part, String sample, String keyPart) {
        assertEquals("group#rule#" + keyPart, by(part).keyOf("rule", sample(sample)));
    }

    @Test
    void aMissingPartIsNoneSoSignalsWithoutItGroupTogether() {
        // given two findings without a remote address
        Signal withoutActor = sample("s3-public-access").toBuilder().actors(List.of()).build();
        Signal otherWithoutActor = sample("ec2-crypto-mining").toBuilder().actors(List.of()).build();

        // then
        assertEquals("group#r#actor=(none)", by(Grouping.Part.ACTOR).keyOf("r", withoutActor));
        assertEquals(by(Grouping.Part.ACTOR).keyOf("r", withoutActor), by(Grouping.Part.ACTOR).keyOf("r", otherWithoutActor));
        assertEquals("group#r#findingType=(none)", by(Grouping.Part.FINDING_TYPE).keyOf("r",
                AlarmSignals.fromEvent(envelope(text("alarm/01-api-5xx-alarm.json"), AlarmSignals.SOURCE, AlarmSignals.DETAIL_TYPE)).signal()),
                "an alarm has no finding type");
    }

    @Test
    void findingsOfOneTypeInOneAccountShareAKeyWhateverTheirInstanceAndRuleMatters() {
        Grouping grouping = by(Grouping.Part.ACCOUNT, Grouping.Part.FINDING_TYPE);
        assertEquals(grouping.keyOf("r", finding(StormFindings.ssh(1))), grouping.keyOf("r", finding(StormFindings.ssh(2))));
        assertNotEquals(grouping.keyOf("r", finding(StormFindings.ssh(1))), grouping.keyOf("other", finding(StormFindings.ssh(1))));
        assertNotEquals(grouping.keyOf("r", finding(StormFindings.unrelated(1, 8))), grouping.keyOf("r", finding(StormFindings.unrelated(2, 8))));
        assertNotEquals(by(Grouping.Part.RESOURCE).keyOf("r", finding(StormFindings.ssh(1))),
                by(Grouping.Part.RESOURCE).keyOf("r", finding(StormFindings.ssh(2))));
    }

    @Test
    void theTitleSaysWhatTheGroupIsAndHowMany() {
        Signal ssh = sample("ec2-ssh-brute-force");
        assertEquals("UnauthorizedAccess:EC2/SSHBruteForce in 123456789012: 1 finding",
                by(Grouping.Part.ACCOUNT, Grouping.Part.FINDING_TYPE).title(ssh, 1));
        assertEquals("Grouped findings in 123456789012 us-east-1 from 198.51.100.24: 20 findings",
                by(Grouping.Part.ACCOUNT, Grouping.Part.REGION, Grouping.Part.ACTOR).title(ssh, 20));
    }

    @Test
    void theWindowIsMoreThanZeroAndAtMostSevenDays() {
        new Grouping(List.of(Grouping.Part.ACCOUNT), Duration.ofDays(7));
        assertThrows(IllegalArgumentException.class, () -> new Grouping(List.of(Grouping.Part.ACCOUNT), Duration.ofDays(7).plusSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Grouping(List.of(Grouping.Part.ACCOUNT), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Grouping(List.of(), HOUR));
    }
}
