package io.incidentresponse.shared.config;

/** A setting is missing or malformed. The message always names the environment variable. */
public final class ConfigurationException extends RuntimeException {
    private final String variable;

    public ConfigurationException(String variable, String problem) {
        super(variable + ": " + problem);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
