package io.incidentresponse.local.emulator;

import java.net.URI;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkClient;

/**
 * One emulator for all the tests of a class, with one SDK client on it, reset before each test.
 * A test class extends it and names the client: {@code super(SdkClients::ssmIncidents)}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmulatorFixture<C extends SdkClient> {
    private final Function<URI, C> newClient;

    protected Emulator emulator;
    protected C client;

    EmulatorFixture(Function<URI, C> newClient) {
        this.newClient = newClient;
    }

    @BeforeAll
    void start() {
        emulator = Emulator.start();
        client = newClient.apply(emulator.endpoint());
    }

    @AfterAll
    void stop() {
        client.close();
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }
}
