package io.incidentresponse.shared.clients;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A client (or anything built from one) made on its first use, then kept: once per container, by
 * whichever thread needs it first, never twice. A function builds at start-up only what every
 * invocation needs; a service its routing may never reach (Incident Manager where every rule sends
 * to Security IR) is then never built, and its SDK classes never loaded.
 */
public final class OnFirstUse<T> implements Supplier<T> {
    private final Supplier<? extends T> build;
    private volatile T value;

    public OnFirstUse(Supplier<? extends T> build) {
        this.build = Objects.requireNonNull(build, "build");
    }

    @Override
    public T get() {
        T built = value;
        if (built == null) {
            synchronized (this) {
                built = value;
                if (built == null) {
                    built = Objects.requireNonNull(build.get(), "a first use built nothing");
                    value = built;
                }
            }
        }
        return built;
    }

    /** Whether it has been built (for tests and for closing only what exists). */
    public boolean built() {
        return value != null;
    }
}
