package io.incidentresponse.shared.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OnFirstUseTest {

    @Test
    void nothingIsBuiltBeforeTheFirstUse() {
        AtomicInteger builds = new AtomicInteger();
        OnFirstUse<Object> client = new OnFirstUse<>(() -> {
            builds.incrementAndGet();
            return new Object();
        });
        assertFalse(client.built());
        assertEquals(0, builds.get());

        Object first = client.get();

        assertTrue(client.built());
        assertSame(first, client.get());
        assertEquals(1, builds.get());
    }

    @Test
    void threadsArrivingTogetherShareOneBuild() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        OnFirstUse<Object> client = new OnFirstUse<>(() -> {
            builds.incrementAndGet();
            return new Object();
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return client.get();
                }));
            }
            start.countDown();
            Object first = results.getFirst().get();
            for (Future<Object> result : results) {
                assertSame(first, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, builds.get());
    }

    @Test
    void aFailedBuildIsTriedAgainOnTheNextUse() {
        AtomicInteger attempts = new AtomicInteger();
        OnFirstUse<String> client = new OnFirstUse<>(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("no endpoint yet");
            }
            return "client";
        });
        assertThrows(IllegalStateException.class, client::get);
        assertFalse(client.built());
        assertEquals("client", client.get());
        assertEquals(2, attempts.get());
    }
}
