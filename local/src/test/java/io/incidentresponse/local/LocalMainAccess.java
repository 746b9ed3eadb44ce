package io.incidentresponse.local;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Lets tests in other packages run the command without exiting the JVM. */
public final class LocalMainAccess {
    private LocalMainAccess() {
    }

    public static int replay(List<String> args, Map<String, String> env, PrintStream out) throws Exception {
        return LocalMain.replay(args, env, out);
    }

    public static int redrive(List<String> args, Map<String, String> env, PrintStream out) {
        return LocalMain.redrive(args, env, out);
    }
}
