package io.incidentresponse.shared.signal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A routing rule's {@code group}: signals with the same values of {@code by} within {@code window}
 * of the first one go into one case. What the key is made of, and how the case is titled, are here.
 *
 * @param window how long after the group's first signal further ones join it (at most {@link #MAX_WINDOW})
 */
public record Grouping(List<Part> by, Duration window) {
    public static final Duration MAX_WINDOW = Duration.ofDays(7);
    /** What a key part is when the signal has no such value (a finding without remote address). */
    public static final String NONE = "(none)";

    /** What signals can be grouped by, with the name a routing rule gives it. */
    public enum Part {
        ACCOUNT("account"), REGION("region"), FINDING_TYPE("findingType"), RESOURCE("resource"), ACTOR("actor"),
        ALARM_NAME("alarmName");

        private final String ruleName;

        Part(String ruleName) {
            this.ruleName = ruleName;
        }

        public String ruleName() {
            return ruleName;
        }

        /** The part a rule names, or null when it names none. */
        public static Part named(String name) {
            for (Part part : values()) {
                if (part.ruleName.equals(name)) {
                    return part;
                }
            }
            return null;
        }

        /** This part's value for the signal, or {@link #NONE}: finding types are findings', alarm names alarms'. */
        String of(Signal signal) {
            boolean finding = "aws.guardduty".equals(signal.source());
            String value = switch (this) {
                case ACCOUNT -> signal.account();
                case REGION -> signal.region();
                case FINDING_TYPE -> finding ? signal.kind() : null;
                case ALARM_NAME -> "aws.cloudwatch".equals(signal.source()) ? signal.kind() : null;
                case RESOURCE -> signal.resource();
                case ACTOR -> signal.actors().isEmpty() ? null : signal.actors().get(0).ipAddress();
            };
            return value == null || value.isBlank() ? NONE : value;
        }
    }

    public Grouping {
        by = List.copyOf(by);
        if (by.isEmpty()) {
            throw new IllegalArgumentException("group.by must name at least one part");
        }
        if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("group.window must be more than zero and at most P7D, got " + window);
        }
    }

    /**
     * The ledger key of the signal's group under the rule: the rule's name and each part's value,
     * so the same values under another rule are another group. Values are the source's own ids
     * and names (account ids, regions, types, instance ids, addresses), joined with '|' escaped.
     */
    public String keyOf(String rule, Signal signal) {
        StringBuilder key = new StringBuilder("group#").append(escape(rule == null ? "" : rule));
        for (Part part : by) {
            key.append('#').append(part.ruleName).append('=').append(escape(part.of(signal)));
        }
        return key.toString();
    }

    /**
     * The group case's title for {@code count} signals: "UnauthorizedAccess:EC2/SSHBruteForce in
     * 123456789012: 1 finding". Named by the kind when it is part of the key (else "Grouped
     * findings"), then the other parts' values.
     */
    public String title(Signal first, long count) {
        boolean finding = "aws.guardduty".equals(first.source());
        boolean byKind = by.contains(Part.FINDING_TYPE) && finding || by.contains(Part.ALARM_NAME) && !finding;
        StringBuilder title = new StringBuilder(byKind ? first.kind() : finding ? "Grouped findings" : "Grouped alarms");
        List<String> where = new ArrayList<>();
        for (Part part : by) {
            String value = part.of(first);
            switch (part) {
                case ACCOUNT, REGION -> where.add(value);
                case RESOURCE -> where.add("on " + value);
                case ACTOR -> where.add("from " + value);
                default -> { }
            }
        }
        if (!where.isEmpty()) {
            title.append(" in ").append(String.join(" ", where));
        }
        String noun = finding ? "finding" : first.source().equals("aws.cloudwatch") ? "alarm" : "signal";
        return title.append(": ").append(count).append(' ').append(noun).append(count == 1 ? "" : "s").toString();
    }

    /** "by account, findingType within PT1H", for the case's description. */
    public String describe() {
        return "by " + String.join(", ", by.stream().map(Part::ruleName).toList()) + " within " + window.toString()
                .toUpperCase(Locale.ROOT);
    }

    private static String escape(String value) {
        return value.replace("%", "%25").replace("#", "%23");
    }
}
