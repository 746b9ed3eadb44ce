package io.incidentresponse.shared.tracking;

import java.time.Duration;

/** Waiting, made replaceable so tests do not sleep. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
