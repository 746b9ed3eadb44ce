package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.config.Variables;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Start-up settings for the emulator, read from system properties first and then environment
 * variables, for the command line and tools that start it outside a test:
 *
 * <ul>
 *   <li>{@code emulator.host} / {@code EMULATOR_HOST}: bind address, default {@code 127.0.0.1}
 *   <li>{@code emulator.port} / {@code EMULATOR_PORT}: port, default 0 (ephemeral)
 *   <li>{@code emulator.latencyMs} / {@code EMULATOR_LATENCY_MS}: delay added to every response
 *   <li>{@code emulator.throttle} / {@code EMULATOR_THROTTLE}: {@code Operation:times[,...]}, such as
 *       {@code CreateCase:3,StartIncident:1}
 *   <li>{@code emulator.fail} / {@code EMULATOR_FAIL}: {@code Operation:times:status[,...]}, such as
 *       {@code GetCase:2:500}
 *   <li>{@code emulator.responsePlans} / {@code EMULATOR_RESPONSE_PLANS}: comma-separated response
 *       plan ARNs to register besides the demo plan
 *   <li>{@code emulator.membershipTeam} / {@code EMULATOR_MEMBERSHIP_TEAM}: the Security IR membership's
 *       incident response team, a JSON array of {@code {"name", "jobTitle", "email"}} (2 to 10, as the
 *       model says), or {@code none} for no membership at all; default {@link SecurityIrMembership#DEMO_TEAM}
 *   <li>{@code emulator.membershipRegion} / {@code EMULATOR_MEMBERSHIP_REGION}: the membership's region;
 *       default the functions' {@code SECURITY_IR_REGION}, else {@code AWS_REGION}, else
 *       {@code AWS_DEFAULT_REGION}, else {@value Emulator#DEFAULT_REGION}, so the replay finds it
 * </ul>
 *
 * Operation names may be {@code *} or service-qualified ({@code ssm-incidents:StartIncident}).
 */
public record EmulatorSettings(
        String host, int port, Duration latency, String throttle, String fail, List<String> responsePlans,
        String membershipRegion, List<SecurityIrMembership.Responder> membershipTeam) {

    /** {@code membershipTeam} null: no membership. */
    public EmulatorSettings {
        responsePlans = List.copyOf(responsePlans);
        membershipTeam = membershipTeam == null ? null : List.copyOf(membershipTeam);
    }

    /** Settings from {@link System#getProperties()} and {@link System#getenv()}. */
    public static EmulatorSettings fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    /** Settings from the given environment and properties; properties win. */
    public static EmulatorSettings from(Map<String, String> env, Properties properties) {
        String host = value(env, properties, "emulator.host", "EMULATOR_HOST", "127.0.0.1");
        int port = number(value(env, properties, "emulator.port", "EMULATOR_PORT", "0"), "port");
        long latencyMs = number(value(env, properties, "emulator.latencyMs", "EMULATOR_LATENCY_MS", "0"), "latency");
        String throttle = value(env, properties, "emulator.throttle", "EMULATOR_THROTTLE", "");
        String fail = value(env, properties, "emulator.fail", "EMULATOR_FAIL", "");
        List<String> plans = new ArrayList<>();
        for (String arn : value(env, properties, "emulator.responsePlans", "EMULATOR_RESPONSE_PLANS", "").split(",")) {
            if (!arn.isBlank()) {
                plans.add(arn.trim());
            }
        }
        String membershipRegion = value(env, properties, "emulator.membershipRegion", "EMULATOR_MEMBERSHIP_REGION",
                firstSet(env, Variables.SECURITY_IR_REGION, Variables.AWS_REGION, "AWS_DEFAULT_REGION"));
        List<SecurityIrMembership.Responder> team = team(value(env, properties, "emulator.membershipTeam", "EMULATOR_MEMBERSHIP_TEAM", ""));
        if (team != null) {
            SecurityIrMembership.of(membershipRegion, team); // fail fast, naming what is wrong
        }
        EmulatorSettings settings = new EmulatorSettings(host, port, Duration.ofMillis(latencyMs), throttle, fail, plans,
                membershipRegion, team);
        settings.applyFaults(new Faults()); // fail fast on malformed fault specs
        return settings;
    }

    /** Starts an emulator with these settings applied. */
    public Emulator start() {
        Emulator emulator = Emulator.start(host, port);
        try {
            applyFaults(emulator.faults());
            responsePlans.forEach(emulator.incidentManager()::registerResponsePlan);
            if (membershipTeam == null) {
                emulator.securityIr().removeMembership();
            } else {
                emulator.securityIr().setMembership(membershipRegion, membershipTeam);
            }
            return emulator;
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    private void applyFaults(Faults faults) {
        if (!latency.isZero()) {
            faults.latency(latency);
        }
        for (String[] spec : specs(throttle, 2, "Operation:times")) {
            faults.throttle(spec[0], number(spec[1], "throttle times"));
        }
        for (String[] spec : specs(fail, 3, "Operation:times:status")) {
            faults.fail(spec[0], number(spec[1], "fail times"), number(spec[2], "fail status"));
        }
    }

    private static List<String[]> specs(String text, int parts, String format) {
        List<String[]> specs = new ArrayList<>();
        for (String spec : text.split(",")) {
            if (spec.isBlank()) {
                continue;
            }
            // The operation may itself be service-qualified (ssm-incidents:StartIncident): split from the right.
            String[] tail = spec.trim().split(":");
            if (tail.length < parts) {
                throw new IllegalArgumentException("fault spec '" + spec + "' is not " + format);
            }
            String[] result = new String[parts];
            int operationParts = tail.length - (parts - 1);
            result[0] = String.join(":", Arrays.copyOf(tail, operationParts));
            System.arraycopy(tail, operationParts, result, 1, parts - 1);
            specs.add(result);
        }
        return specs;
    }

    /** The demo team for "", none for "none", else the JSON array's responders. */
    private static List<SecurityIrMembership.Responder> team(String text) {
        if (text.isEmpty()) {
            return SecurityIrMembership.DEMO_TEAM;
        }
        if (text.equalsIgnoreCase("none")) {
            return null;
        }
        JsonNode array;
        try {
            array = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("emulator membership team is not JSON: " + e.getMessage(), e);
        }
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("emulator membership team must be a JSON array of {name, jobTitle, email}, or none");
        }
        List<SecurityIrMembership.Responder> team = new ArrayList<>();
        for (JsonNode member : array) {
            team.add(new SecurityIrMembership.Responder(Json.text(member, "name"), Json.text(member, "jobTitle"), Json.text(member, "email")));
        }
        return team;
    }

    private static String firstSet(Map<String, String> env, String... variables) {
        for (String variable : variables) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return Emulator.DEFAULT_REGION;
    }

    private static String value(Map<String, String> env, Properties properties, String property, String variable,
            String fallback) {
        String value = properties.getProperty(property);
        if (value == null || value.isBlank()) {
            value = env.get(variable);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int number(String text, String what) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("emulator " + what + " must be a number, not '" + text + "'", e);
        }
    }
}
