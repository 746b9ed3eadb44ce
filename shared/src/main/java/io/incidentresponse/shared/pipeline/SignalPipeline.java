package io.incidentresponse.shared.pipeline;

import io.incidentresponse.shared.dryrun.DryRunRequests;
import io.incidentresponse.shared.event.EventEnvelope;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.routing.Router;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.Outcome;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.text.SafeText;
import io.incidentresponse.shared.tracking.SignalTracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What every signal function does with an event, the same way for every source: read it (the
 * source's model, strictly for what a case needs), turn it into a {@link Signal}, route it, track
 * its episode (open exactly once, count a repeat, record a recovery), and report the outcome.
 *
 * <p>A malformed event fails the invocation before anything is written, so Lambda's retries and
 * then the failure destination keep it, with a message naming the event id.
 */
public final class SignalPipeline {
    private static final int LOG_NOTES = 10;
    private static final int LOG_NOTE_LENGTH = 300;

    private final SignalSource source;
    private final Router router;
    private final SignalTracker tracker;
    private final JsonLog log;
    private final DryRunRequests dryRun;

    public SignalPipeline(SignalSource source, Router router, SignalTracker tracker, JsonLog log) {
        this(source, router, tracker, log, null);
    }

    /** @param dryRun where the dry run's targets keep what they did not send; null when the targets are real */
    public SignalPipeline(SignalSource source, Router router, SignalTracker tracker, JsonLog log, DryRunRequests dryRun) {
        this.source = source;
        this.router = router;
        this.tracker = tracker;
        this.log = log;
        this.dryRun = dryRun;
    }

    /** Handles one invocation: the event in, the outcome out as JSON. */
    public void handle(InputStream input, OutputStream output) throws IOException {
        EventJson.MAPPER.writeValue(output, handle(input));
    }

    public Outcome handle(InputStream input) {
        EventEnvelope event;
        Arrival arrival;
        try {
            event = EventJson.readEnvelope(input, source.source(), source.detailType());
            arrival = source.read(event);
        } catch (MalformedEventException e) {
            log.error("rejected malformed event", "eventId", e.eventId(), "problem", e.getMessage());
            throw e;
        }
        if (dryRun != null) {
            dryRun.drain(); // what a failed invocation on this thread left behind is not this one's
        }
        Outcome outcome = track(event.id(), arrival);
        if (dryRun != null) {
            List<String> wouldHaveSent = dryRun.drain();
            if (!wouldHaveSent.isEmpty()) {
                outcome = outcome.asDryRun(wouldHaveSent);
            }
        }
        log(arrival, outcome);
        return outcome;
    }

    private Outcome track(String eventId, Arrival arrival) {
        Signal signal = arrival.signal();
        return switch (arrival.intent()) {
            case Intent.Open open -> open(eventId, signal, open);
            case Intent.Recover recover -> tracker.recover(eventId, signal, recover.at(), recover.reason(), recover.resolve());
            case Intent.Note note -> tracker.annotate(eventId, signal, note.text());
            case Intent.Ignore ignore -> Outcome.ignored(eventId, signal.key(), ignore.reason());
        };
    }

    private Outcome open(String eventId, Signal signal, Intent.Open intent) {
        Decision decision = router.route(signal);
        if (decision instanceof Decision.Ignore ignore) {
            return Outcome.ignored(eventId, signal.key(), ignore.reason());
        }
        Outcome opened = tracker.open(eventId, signal, (Decision.Open) decision, intent.restatement());
        if (!intent.recoveryMayPrecede()) {
            return opened;
        }
        Optional<Outcome> recovered = tracker.applyEarlierRecovery(eventId, signal, opened, intent.resolveOnRecovery());
        return recovered.map(r -> new Outcome(Outcome.CREATED, eventId, opened.signalKey(), opened.target(), opened.externalId(),
                opened.occurrences(), "opened; the alarm had already recovered (OK delivered first): " + r.detail())).orElse(opened);
    }

    private void log(Arrival arrival, Outcome outcome) {
        // Arrays.asList, not List.of: a null value is allowed, and JsonLog leaves its field out.
        List<Object> fields = new ArrayList<>(Arrays.asList("eventId", outcome.eventId(), "signalKey", outcome.signalKey()));
        fields.addAll(arrival.logFields());
        fields.addAll(Arrays.asList("target", outcome.target(), "externalId", outcome.externalId(),
                "occurrences", outcome.occurrences(), "detail", outcome.detail(), "notes", notes(arrival.signal())));
        log.info(source.describe(arrival, outcome), fields.toArray());
    }

    /**
     * What the translation skipped, dropped or changed, for the log line: at most ten notes of at
     * most 300 characters each, joined with " | "; null when there are none (the field is left out).
     */
    private static String notes(Signal signal) {
        if (signal.notes().isEmpty()) {
            return null;
        }
        List<String> shown = new ArrayList<>();
        signal.notes().stream().limit(LOG_NOTES).forEach(note -> shown.add(SafeText.bounded(note, LOG_NOTE_LENGTH)));
        if (signal.notes().size() > LOG_NOTES) {
            shown.add("and " + (signal.notes().size() - LOG_NOTES) + " more");
        }
        return String.join(" | ", shown);
    }
}
