package io.incidentresponse.shared.routing;

import io.incidentresponse.shared.signal.Signal;
import java.util.List;

/**
 * What a routing rule matches; every condition given must hold, an empty list matches anything.
 * Finding types apply to GuardDuty findings, alarm names and ARNs to CloudWatch alarms, and a
 * severity range only to sources that rate severity (alarms never match one).
 */
record Match(List<String> sources, List<Glob> findingTypes, List<Glob> alarmNames, List<Glob> alarmArns,
             Double severityMin, Double severityMax, List<Glob> accounts, List<Glob> regions) {

    boolean matches(Signal signal) {
        boolean finding = "aws.guardduty".equals(signal.source());
        boolean alarm = "aws.cloudwatch".equals(signal.source());
        return (sources.isEmpty() || sources.contains(signal.source()))
                && (findingTypes.isEmpty() || finding && any(findingTypes, signal.kind()))
                && (alarmNames.isEmpty() || alarm && any(alarmNames, signal.kind()))
                && (alarmArns.isEmpty() || alarm && any(alarmArns, signal.sourceId()))
                && (severityMin == null || signal.rated() && signal.severity() >= severityMin)
                && (severityMax == null || signal.rated() && signal.severity() <= severityMax)
                && (accounts.isEmpty() || any(accounts, signal.account()))
                && (regions.isEmpty() || any(regions, signal.region()));
    }

    private static boolean any(List<Glob> globs, String value) {
        return globs.stream().anyMatch(glob -> glob.matches(value));
    }
}
