package io.incidentresponse.shared.status;

import io.incidentresponse.shared.ledger.DuePage;
import io.incidentresponse.shared.ledger.DynamoDbLedger;
import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.metrics.MetricName;
import io.incidentresponse.shared.metrics.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * One scheduled run: reads the open, due items from the ledger's sparse index, shard by shard and
 * page by page, and brings each up to date with bounded concurrency. It stops taking new items
 * when the invocation's remaining time runs low or the service keeps throttling (after the SDK's
 * own retries), and leaves the rest, still due, for the next run.
 */
public final class CasePoller {
    static final int PAGE_SIZE = 50;

    private final Ledger ledger;
    private final StatusUpdates updates;
    private final int concurrency;
    private final Duration timeMargin;
    private final int shards;
    private final Clock clock;
    private final JsonLog log;
    private final Metrics metrics;

    public CasePoller(Ledger ledger, StatusUpdates updates, int concurrency, Duration timeMargin, Clock clock, JsonLog log) {
        this(ledger, updates, concurrency, timeMargin, DynamoDbLedger.POLL_SHARDS, clock, log, Metrics.discard());
    }

    /** @param metrics what every run counts: its report, the oldest due item's lag and the items open */
    public CasePoller(Ledger ledger, StatusUpdates updates, int concurrency, Duration timeMargin, Clock clock, JsonLog log,
                      Metrics metrics) {
        this(ledger, updates, concurrency, timeMargin, DynamoDbLedger.POLL_SHARDS, clock, log, metrics);
    }

    CasePoller(Ledger ledger, StatusUpdates updates, int concurrency, Duration timeMargin, int shards, Clock clock, JsonLog log,
               Metrics metrics) {
        this.ledger = ledger;
        this.updates = updates;
        this.concurrency = concurrency;
        this.timeMargin = timeMargin;
        this.shards = shards;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
    }

    /** @param remainingMillis the invocation's remaining time, asked before every new item */
    public PollReport run(LongSupplier remainingMillis) {
        Instant now = clock.instant();
        Run run = new Run(remainingMillis);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "case-poller");
            thread.setDaemon(true);
            return thread;
        });
        Semaphore slots = new Semaphore(concurrency);
        int read = 0;
        int left = 0;
        Instant oldestDue = null;
        String stopReason = null;
        try {
            shards:
            for (int shard = 0; shard < shards; shard++) {
                DuePage.Cursor cursor = null;
                do {
                    stopReason = run.stopReason();
                    if (stopReason != null) {
                        break shards;
                    }
                    DuePage page = ledger.due("open#" + shard, now, PAGE_SIZE, cursor);
                    read += page.read();
                    if (cursor == null && page.firstDue() != null && (oldestDue == null || page.firstDue().isBefore(oldestDue))) {
                        // A shard's first page starts with its longest-due item.
                        oldestDue = page.firstDue();
                    }
                    for (int i = 0; i < page.items().size(); i++) {
                        stopReason = run.stopReason();
                        if (stopReason == null) {
                            boolean slot = acquire(slots, run);
                            // Asked again after the wait for a slot: the item that freed it may be the
                            // last throttled one the run tolerates, or the time may have run low meanwhile.
                            stopReason = run.stopReason();
                            if (slot && stopReason != null) {
                                slots.release();
                            } else if (!slot && stopReason == null) {
                                stopReason = "interrupted";
                            }
                        }
                        if (stopReason != null) {
                            left += page.items().size() - i;
                            break shards;
                        }
                        LedgerItem item = page.items().get(i);
                        pool.execute(() -> {
                            try {
                                run.record(updates.update(item));
                            } catch (SdkServiceException e) {
                                run.failed(item, e, e.isThrottlingException());
                            } catch (RuntimeException e) {
                                run.failed(item, e, false);
                            } finally {
                                slots.release();
                            }
                        });
                    }
                    cursor = page.next();
                } while (cursor != null);
            }
        } finally {
            pool.shutdown();
            awaitQuietly(pool, remainingMillis.getAsLong());
        }
        PollReport report = new PollReport(read, run.polled.get(), run.changed.get(), run.closed.get(), run.failed.get(), left,
                stopReason != null, stopReason);
        long lagSeconds = oldestDue == null ? 0 : Math.max(0, Duration.between(oldestDue, now).toSeconds());
        Integer open = openItems();
        count(report, lagSeconds, open);
        log.info("poll run finished", "itemsRead", report.itemsRead(), "polled", report.polled(), "changed", report.changed(),
                "closed", report.closed(), "failed", report.failed(), "left", report.left(), "stopReason", report.stopReason(),
                "lagSeconds", lagSeconds, "openItems", open);
        return report;
    }

    /** The items in the poller's index, or null (and a warning) when they cannot be counted: the run's report matters more. */
    private Integer openItems() {
        try {
            return ledger.countOpen();
        } catch (RuntimeException e) {
            log.warn("could not count the open items", "error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return null;
        }
    }

    private void count(PollReport report, long lagSeconds, Integer open) {
        metrics.add(MetricName.ItemsRead, report.itemsRead());
        metrics.add(MetricName.Polled, report.polled());
        metrics.add(MetricName.Changed, report.changed());
        metrics.add(MetricName.Closed, report.closed());
        metrics.add(MetricName.PollFailures, report.failed());
        metrics.add(MetricName.LeftForNextRun, report.left());
        metrics.set(MetricName.PollLagSeconds, lagSeconds);
        if (open != null) {
            metrics.set(MetricName.OpenItems, open);
        }
        if (report.stoppedEarly()) {
            metrics.count(MetricName.RunsStoppedEarly, Metrics.REASON, stopClass(report.stopReason()));
        }
    }

    /** The class of a stop reason, for the metric's Reason dimension: Time, Throttling or Interrupted. */
    static String stopClass(String stopReason) {
        if (stopReason == null) {
            return "Unknown";
        }
        if (stopReason.startsWith("time")) {
            return "Time";
        }
        return stopReason.startsWith("throttling") ? "Throttling" : "Interrupted";
    }

    private boolean acquire(Semaphore slots, Run run) {
        try {
            while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (run.stopReason() != null) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void awaitQuietly(ExecutorService pool, long remainingMillis) {
        try {
            if (!pool.awaitTermination(Math.max(1, remainingMillis - 500), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** The counters of one run, and when it must stop taking items. */
    private final class Run {
        private final LongSupplier remainingMillis;
        final AtomicInteger polled = new AtomicInteger();
        final AtomicInteger changed = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger throttledInARow = new AtomicInteger();

        Run(LongSupplier remainingMillis) {
            this.remainingMillis = remainingMillis;
        }

        String stopReason() {
            if (remainingMillis.getAsLong() < timeMargin.toMillis()) {
                return "time: less than " + timeMargin.toSeconds() + " s left";
            }
            if (throttledInARow.get() >= Math.max(3, concurrency)) {
                return "throttling: " + throttledInARow.get() + " items in a row still throttled after retries";
            }
            return null;
        }

        void record(StatusUpdates.Result result) {
            throttledInARow.set(0);
            switch (result) {
                case UNCHANGED, ANNOUNCED_LATE, RACED -> polled.incrementAndGet();
                case CHANGED -> {
                    polled.incrementAndGet();
                    changed.incrementAndGet();
                }
                case CLOSED -> {
                    polled.incrementAndGet();
                    changed.incrementAndGet();
                    closed.incrementAndGet();
                }
                case SKIPPED -> { }
            }
        }

        void failed(LedgerItem item, Exception e, boolean throttled) {
            failed.incrementAndGet();
            if (throttled) {
                throttledInARow.incrementAndGet();
            } else {
                throttledInARow.set(0);
            }
            log.warn("poll of one item failed; it stays due", "signalKey", item.key(), "externalId", item.externalId(),
                    "throttled", throttled, "error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
