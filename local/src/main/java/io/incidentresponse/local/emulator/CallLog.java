package io.incidentresponse.local.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the emulator received: every call with its outcome, and the requests it rejected (failed
 * validation, unparseable, unknown operation) with their messages. Thread-safe; accessors answer copies.
 */
public final class CallLog {
    /**
     * One received call and how it was answered; {@code errorType} is null on success. {@code region}
     * is the region the request was signed for (its SigV4 credential scope), null when unsigned.
     */
    public record Call(String service, String operation, String region, int status, String errorType, String message) {
    }

    /** One rejected request, with the field violations when validation failed. */
    public record Rejection(
            String service, String operation, String errorType, String message, List<FieldError> fieldErrors) {
        public Rejection {
            fieldErrors = List.copyOf(fieldErrors);
        }
    }

    private final List<Call> calls = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();

    synchronized void succeeded(String service, String operation, String region, int status) {
        calls.add(new Call(service, operation, region, status, null, null));
    }

    /** A call answered with an error by the service logic or an injected fault. */
    synchronized void failed(String service, String operation, String region, ApiException e) {
        calls.add(new Call(service, operation, region, e.status(), e.errorType(), e.getMessage()));
    }

    /** A request refused before reaching the service: invalid, unparseable or unknown operation. */
    synchronized void rejected(String service, String operation, String region, ApiException e) {
        failed(service, operation, region, e);
        rejections.add(new Rejection(service, operation, e.errorType(), e.getMessage(), e.fieldErrors()));
    }

    /** Every call in arrival order (completion order under concurrency). */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Rejected requests, in order. */
    public synchronized List<Rejection> rejections() {
        return List.copyOf(rejections);
    }

    /** How many calls of {@code operation} arrived, in any service and with any outcome. */
    public synchronized int count(String operation) {
        return (int) calls.stream().filter(c -> c.operation().equals(operation)).count();
    }

    /** How many calls of {@code operation} arrived and were answered with a 2xx status. */
    public synchronized int successCount(String operation) {
        return (int) calls.stream()
                .filter(c -> c.operation().equals(operation) && c.status() < 300)
                .count();
    }

    /** The regions the calls of {@code operation} were signed for, in arrival order (null for an unsigned one). */
    public synchronized List<String> regions(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).map(Call::region).toList();
    }

    /** Calls per operation name, sorted by name. */
    public synchronized Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        calls.forEach(c -> counts.merge(c.operation(), 1, Integer::sum));
        return counts;
    }

    synchronized void clear() {
        calls.clear();
        rejections.clear();
    }
}
