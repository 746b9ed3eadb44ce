package io.incidentresponse.local.engine;

/** The local AWS engine cannot be installed or started; the message says why and what is missing. */
public final class EngineUnavailableException extends IllegalStateException {
    public EngineUnavailableException(String message) {
        super(message);
    }

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
