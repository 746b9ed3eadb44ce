package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Injected faults and latency. Rules match an operation by name ({@code "CreateCase"}), by service
 * and name ({@code "security-ir:CreateCase"}) or all operations ({@link #ALL}); a fault rule answers
 * the next {@code times} matching calls with an error, before the request is validated or changes
 * any state. Rules are consumed in the order they were added. Thread-safe.
 */
public final class Faults {
    /** Matches every operation of every service. */
    public static final String ALL = "*";

    private record Rule(String operation, int status, String errorType, int[] remaining) {
    }

    /** At most {@code perSecond} calls in any one-second window; {@code window} holds the recent calls' times (nanos). */
    private record RateLimit(String operation, int perSecond, java.util.ArrayDeque<Long> window) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private final List<RateLimit> rateLimits = new ArrayList<>();
    private final Map<String, Duration> latencies = new HashMap<>();

    /** The next {@code times} calls of {@code operation} answer 429 {@code ThrottlingException}. */
    public Faults throttle(String operation, int times) {
        return fail(operation, times, 429, "ThrottlingException");
    }

    /**
     * The next {@code times} calls of {@code operation} answer {@code status} with the usual error
     * type for it (500 {@code InternalServerException}, 503 {@code ServiceUnavailableException}, 429
     * {@code ThrottlingException}, 409 {@code ConflictException}, 403 {@code AccessDeniedException},
     * 404 {@code ResourceNotFoundException}, other 4xx {@code ValidationException}).
     */
    public Faults fail(String operation, int times, int status) {
        return fail(operation, times, status, defaultErrorType(status));
    }

    /** The next {@code times} calls of {@code operation} answer {@code status} with {@code errorType}. */
    public Faults fail(String operation, int times, int status, String errorType) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(errorType, "errorType");
        if (times < 1 || status < 400 || status > 599) {
            throw new IllegalArgumentException("times must be positive and status 4xx or 5xx");
        }
        synchronized (this) {
            rules.add(new Rule(operation, status, errorType, new int[] {times}));
        }
        return this;
    }

    /**
     * A service quota: calls of {@code operation} beyond {@code perSecond} within any one second
     * answer 429 {@code ThrottlingException}, as the real service throttles a burst (the SDK then
     * retries them with backoff). Throttled calls do not count towards the rate.
     */
    public synchronized Faults rateLimit(String operation, int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("a rate limit allows at least one call a second");
        }
        rateLimits.add(new RateLimit(Objects.requireNonNull(operation, "operation"), perSecond, new java.util.ArrayDeque<>()));
        return this;
    }

    /** Delays every response by {@code delay}. */
    public Faults latency(Duration delay) {
        return latency(ALL, delay);
    }

    /** Delays responses to {@code operation} by {@code delay}; overrides the all-operations delay. */
    public synchronized Faults latency(String operation, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        latencies.put(Objects.requireNonNull(operation, "operation"), delay);
        return this;
    }

    /** Removes every fault rule and latency. */
    public synchronized Faults clear() {
        rules.clear();
        rateLimits.clear();
        latencies.clear();
        return this;
    }

    /** Fault calls still to be answered for {@code operation} by rules naming it exactly. */
    public synchronized int pending(String operation) {
        return rules.stream().filter(r -> r.operation().equals(operation)).mapToInt(r -> r.remaining()[0]).sum();
    }

    /** Consumes a matching fault rule, if any, and throws its error. */
    void inject(String service, String operation) {
        Rule hit = null;
        synchronized (this) {
            Iterator<Rule> it = rules.iterator();
            while (it.hasNext() && hit == null) {
                Rule rule = it.next();
                if (matches(rule.operation(), service, operation)) {
                    hit = rule;
                    if (--rule.remaining()[0] == 0) {
                        it.remove();
                    }
                }
            }
        }
        if (hit == null && overRate(service, operation)) {
            hit = new Rule(operation, 429, "ThrottlingException", new int[] {0});
        }
        if (hit != null) {
            throw error(service, operation, hit);
        }
    }

    private synchronized boolean overRate(String service, String operation) {
        long now = System.nanoTime();
        for (RateLimit limit : rateLimits) {
            if (matches(limit.operation(), service, operation)) {
                while (!limit.window().isEmpty() && now - limit.window().peekFirst() >= 1_000_000_000L) {
                    limit.window().pollFirst();
                }
                if (limit.window().size() >= limit.perSecond()) {
                    return true;
                }
                limit.window().addLast(now);
            }
        }
        return false;
    }

    /** The delay for a response to {@code operation}: the most specific latency rule. */
    synchronized Duration latencyFor(String service, String operation) {
        Duration specific = latencies.get(service + ":" + operation);
        if (specific == null) {
            specific = latencies.get(operation);
        }
        return specific != null ? specific : latencies.getOrDefault(ALL, Duration.ZERO);
    }

    private static boolean matches(String rule, String service, String operation) {
        return rule.equals(ALL) || rule.equals(operation) || rule.equals(service + ":" + operation);
    }

    private static ApiException error(String service, String operation, Rule rule) {
        String message = "Injected " + rule.errorType() + " for " + operation + " (emulator fault)";
        ObjectNode extra = Json.object();
        if (rule.status() == 429) {
            extra.put("serviceCode", service).put("quotaCode", "L-EMULATOR").put("retryAfterSeconds", 0);
        }
        return new ApiException(rule.status(), rule.errorType(), message, extra, List.of());
    }

    static String defaultErrorType(int status) {
        return switch (status) {
            case 429 -> "ThrottlingException";
            case 409 -> "ConflictException";
            case 403 -> "AccessDeniedException";
            case 404 -> "ResourceNotFoundException";
            case 503 -> "ServiceUnavailableException";
            default -> status >= 500 ? "InternalServerException" : "ValidationException";
        };
    }
}
