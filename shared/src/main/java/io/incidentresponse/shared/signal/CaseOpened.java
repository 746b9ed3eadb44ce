package io.incidentresponse.shared.signal;

/**
 * The detail of a {@code Case Opened} event: published on the status event bus when the product
 * opens a Security IR case or an Incident Manager incident, with the same identity fields as
 * {@link StatusChange} ({@code signalKey}, {@code target}, {@code externalId}, {@code title}) and
 * what a person needs to read it: what it is about, where, and the console link.
 *
 * @param target SECURITY_IR or INCIDENT_MANAGER
 * @param externalId the case id or incident ARN
 * @param status the case's or incident's status when it was opened
 * @param source the signal's source: {@code aws.guardduty} or {@code aws.cloudwatch}
 * @param kind the finding type or the alarm's name: what the case is about, always set
 * @param findingType the GuardDuty finding type, or null for an alarm
 * @param alarmName the CloudWatch alarm's name, or null for a finding
 * @param account the account the signal came from
 * @param region the region it came from
 * @param episode 1 for the first case of a signal, more when it came back after its case closed
 */
public record CaseOpened(
        String signalKey,
        String target,
        String externalId,
        String title,
        String status,
        String source,
        String kind,
        String findingType,
        String alarmName,
        String account,
        String region,
        double severity,
        int episode,
        String openedAt,
        String consoleUrl) {

    public static final String SOURCE = StatusChange.SOURCE;
    public static final String DETAIL_TYPE = "Case Opened";
    static final String GUARDDUTY = "aws.guardduty";

    public static CaseOpened of(Signal signal, Target target, String externalId, String status, int episode, String openedAt,
                                String consoleUrl) {
        boolean finding = GUARDDUTY.equals(signal.source());
        return new CaseOpened(signal.key(), target.name(), externalId, signal.title(), status, signal.source(), signal.kind(),
                finding ? signal.kind() : null, finding ? null : signal.kind(), signal.account(), signal.region(), signal.severity(),
                episode, openedAt, consoleUrl);
    }
}
