package io.incidentresponse.shared.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed access to environment variables. Every failure names the variable, so a bad deployment
 * stops at start-up with a message that says what to fix.
 */
public final class Settings {
    private final Map<String, String> values;

    public Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings fromEnvironment() {
        return new Settings(System.getenv());
    }

    public Optional<String> optional(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigurationException(name, "is required but not set"));
    }

    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public boolean bool(String name, boolean fallback) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigurationException(name, "must be true or false, got '" + value.get() + "'");
        };
    }

    public double decimal(String name, double fallback, double min, double max) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return fallback;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(value.get());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name, "must be a number, got '" + value.get() + "'");
        }
        if (Double.isNaN(parsed) || parsed < min || parsed > max) {
            throw new ConfigurationException(name, "must be between " + min + " and " + max + ", got " + value.get());
        }
        return parsed;
    }

    public int integer(String name, int fallback, int min, int max) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name, "must be a whole number, got '" + value.get() + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigurationException(name, "must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }
}
