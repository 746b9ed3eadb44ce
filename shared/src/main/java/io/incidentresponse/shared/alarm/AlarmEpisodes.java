package io.incidentresponse.shared.alarm;

import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.routing.Decision;
import io.incidentresponse.shared.routing.Router;
import io.incidentresponse.shared.text.SafeText;
import io.incidentresponse.shared.tracking.Outcome;
import io.incidentresponse.shared.tracking.SignalTracker;
import java.util.Optional;

/**
 * What an alarm's state change does to its episode: ALARM opens one (or tells the open one it is
 * in ALARM again), OK records the recovery and, with AUTO_RESOLVE, resolves the incident, and
 * INSUFFICIENT_DATA is logged, or noted on the open incident with INSUFFICIENT_DATA_TIMELINE.
 */
public final class AlarmEpisodes {
    public static final String AUTO_RESOLVE = "AUTO_RESOLVE";
    public static final String INSUFFICIENT_DATA_TIMELINE = "INSUFFICIENT_DATA_TIMELINE";

    private final Router router;
    private final SignalTracker tracker;
    private final boolean autoResolve;
    private final boolean insufficientDataTimeline;

    public AlarmEpisodes(Router router, SignalTracker tracker, boolean autoResolve, boolean insufficientDataTimeline) {
        this.router = router;
        this.tracker = tracker;
        this.autoResolve = autoResolve;
        this.insufficientDataTimeline = insufficientDataTimeline;
    }

    public static AlarmEpisodes create(Router router, SignalTracker tracker, Settings settings) {
        return new AlarmEpisodes(router, tracker, settings.bool(AUTO_RESOLVE, false), settings.bool(INSUFFICIENT_DATA_TIMELINE, false));
    }

    public Outcome handle(String eventId, AlarmSignal alarm) {
        return switch (alarm.state()) {
            case ALARM -> alarm(eventId, alarm);
            case OK -> tracker.recover(eventId, alarm.signal(), alarm.stateTime(), alarm.reason(), autoResolve);
            case INSUFFICIENT_DATA -> insufficientDataTimeline
                    ? tracker.annotate(eventId, alarm.signal(), "INSUFFICIENT_DATA at " + alarm.stateTime() + ": " + alarm.reason())
                    : Outcome.ignored(eventId, alarm.signal().key(),
                    "INSUFFICIENT_DATA is only logged (INSUFFICIENT_DATA_TIMELINE=true notes it on the open incident)");
        };
    }

    private Outcome alarm(String eventId, AlarmSignal alarm) {
        Decision decision = router.route(alarm.signal());
        if (decision instanceof Decision.Ignore ignore) {
            return Outcome.ignored(eventId, alarm.signal().key(), ignore.reason());
        }
        String restatement = "In ALARM again at " + alarm.stateTime() + ": " + SafeText.truncate(alarm.reason(), 1000, "…");
        Outcome opened = tracker.open(eventId, alarm.signal(), (Decision.Open) decision, restatement);
        Optional<Outcome> recovered = tracker.applyEarlierRecovery(eventId, alarm.signal(), opened, autoResolve);
        return recovered.map(r -> new Outcome(Outcome.CREATED, eventId, opened.signalKey(), opened.target(), opened.externalId(),
                opened.occurrences(), "opened; the alarm had already recovered (OK delivered first): " + r.detail())).orElse(opened);
    }
}
