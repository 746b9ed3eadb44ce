package io.incidentresponse.local.emulator;

import java.io.PrintStream;

/**
 * Runs the emulator until the process is stopped, configured by {@link EmulatorSettings} (system
 * properties or {@code EMULATOR_*} environment variables); an optional first argument is the port.
 *
 * <pre>java -cp 'local/target/incident-response-local.jar:local/target/lib/*' \
 *   io.incidentresponse.local.emulator.EmulatorMain 4599</pre>
 */
public final class EmulatorMain {
  private EmulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    Emulator emulator = start(args, EmulatorSettings.fromEnvironment(), System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "emulator-shutdown"));
    Thread.currentThread().join();
  }

  /** Starts with {@code settings}, the port overridden by {@code args[0]} if given, and says where. */
  static Emulator start(String[] args, EmulatorSettings settings, PrintStream out) {
    EmulatorSettings effective = settings;
    if (args.length > 0) {
      effective = new EmulatorSettings(settings.host(), Integer.parseInt(args[0]), settings.latency(),
          settings.throttle(), settings.fail(), settings.responsePlans());
    }
    Emulator emulator = effective.start();
    out.println("Security IR, Incident Manager and EventBridge emulator listening on " + emulator.endpoint());
    out.println("Demo response plan: " + IncidentManagerService.DEMO_RESPONSE_PLAN_ARN);
    return emulator;
  }
}
