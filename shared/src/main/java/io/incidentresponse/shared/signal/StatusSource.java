package io.incidentresponse.shared.signal;

/** Asks a target's service for the current status of one case or incident. */
@FunctionalInterface
public interface StatusSource {
    /** The status, or {@link ExternalStatus#notFound()} when the service no longer knows the id. */
    ExternalStatus fetch(String externalId);
}
