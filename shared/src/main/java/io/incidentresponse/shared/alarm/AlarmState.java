package io.incidentresponse.shared.alarm;

import java.util.Locale;
import java.util.Optional;

/** The three states a CloudWatch alarm can be in. */
public enum AlarmState {
    ALARM,
    OK,
    INSUFFICIENT_DATA;

    public static Optional<AlarmState> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
