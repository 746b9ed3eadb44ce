package io.incidentresponse.local.redrive;

/**
 * What stops a redrive before any message is touched, and that the user can fix: a usage error, no
 * queue, no credentials, no region, no stack. The command prints the message and exits with 2.
 */
public final class CannotRedrive extends RuntimeException {
    public CannotRedrive(String message) {
        super(message, null, false, false);
    }

    public CannotRedrive(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
