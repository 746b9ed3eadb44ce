package io.incidentresponse.shared.metrics;

/**
 * Every metric the functions publish (CloudWatch Embedded Metric Format), named exactly as it
 * appears in CloudWatch. The template's alarms and dashboard refer to these names: add, never
 * rename. Each is published at least with the dimension set [FunctionName].
 */
public enum MetricName {
    // Signal functions (guardduty-finding, alarm-incident).
    SignalsReceived(Unit.COUNT),
    CasesOpened(Unit.COUNT),
    IncidentsOpened(Unit.COUNT),
    Repeats(Unit.COUNT),
    Recoveries(Unit.COUNT),
    /** Extra dimension set [FunctionName, Reason]. */
    Ignored(Unit.COUNT),
    /** Malformed events (kept in the failure destination). */
    Rejected(Unit.COUNT),
    /** A target call failed after the SDK's retries; extra set [FunctionName, Operation]. */
    TargetFailures(Unit.COUNT),
    Throttled(Unit.COUNT),
    ClaimsTakenOver(Unit.COUNT),
    /** A Case Opened event that could not be published at once (it stays pending; the poller publishes it). */
    AnnouncementFailures(Unit.COUNT),
    /** A signal added as a comment to its grouping rule's open case instead of opening one. */
    GroupedIntoCase(Unit.COUNT),
    /** A signal over the hour's new-case (or new-incident) budget, added to that hour's storm case; the budget alarm uses it. */
    BudgetExceeded(Unit.COUNT),
    /** A signal handled in a dry run: what would have been sent was logged, nothing was. */
    DryRun(Unit.COUNT),

    // Poller (case-poller).
    /** One per run, also when the run fails: the heartbeat alarm uses it. */
    PollRuns(Unit.COUNT),
    ItemsRead(Unit.COUNT),
    Polled(Unit.COUNT),
    Changed(Unit.COUNT),
    Closed(Unit.COUNT),
    PollFailures(Unit.COUNT),
    LeftForNextRun(Unit.COUNT),
    OpenItems(Unit.COUNT),
    /** Extra dimension set [FunctionName, Reason]. */
    RunsStoppedEarly(Unit.COUNT),
    /** The oldest due item's lag. */
    PollLagSeconds(Unit.SECONDS),

    // Every function.
    /** One per container, on its first invocation. */
    ColdStart(Unit.COUNT);

    /** The CloudWatch units used here (EMF spells them as CloudWatch does). */
    public enum Unit {
        COUNT("Count"),
        SECONDS("Seconds"),
        MILLISECONDS("Milliseconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    private final Unit unit;

    MetricName(Unit unit) {
        this.unit = unit;
    }

    public Unit unit() {
        return unit;
    }
}
