package io.incidentresponse.shared.signal;

import java.util.Locale;

/** GuardDuty's severity bands; every source's severity is expressed on this scale. */
public enum SeverityBand {
    LOW("Low", 1.0),
    MEDIUM("Medium", 4.0),
    HIGH("High", 7.0),
    CRITICAL("Critical", 9.0);

    private final String label;
    private final double from;

    SeverityBand(String label, double from) {
        this.label = label;
        this.from = from;
    }

    public String label() {
        return label;
    }

    public static SeverityBand of(double severity) {
        if (severity >= CRITICAL.from) {
            return CRITICAL;
        }
        if (severity >= HIGH.from) {
            return HIGH;
        }
        if (severity >= MEDIUM.from) {
            return MEDIUM;
        }
        return LOW;
    }

    public static SeverityBand parse(String name) {
        for (SeverityBand band : values()) {
            if (band.label.equalsIgnoreCase(name.trim()) || band.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
                return band;
            }
        }
        throw new IllegalArgumentException("unknown severity band '" + name + "' (Low, Medium, High, Critical)");
    }
}
