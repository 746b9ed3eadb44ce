package io.incidentresponse.shared.signal;

/**
 * A person Security IR notifies about a case. Values are checked against the service's limits
 * where they are read ({@code securityir.Watchers}), so every Watcher in the product is valid.
 */
public record Watcher(String email, String name, String jobTitle) {
}
