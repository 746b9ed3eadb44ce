package io.incidentresponse.local.emulator;

/**
 * One constraint violation: {@code name} is the member path (such as
 * {@code threatActorIpAddresses.3.ipAddress}, list indexes from 0) and {@code message} names the
 * path and the constraint.
 */
public record FieldError(String name, String message) {
}
