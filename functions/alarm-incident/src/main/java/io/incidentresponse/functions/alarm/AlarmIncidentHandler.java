package io.incidentresponse.functions.alarm;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.incidentresponse.shared.alarm.AlarmEpisodes;
import io.incidentresponse.shared.alarm.AlarmSignal;
import io.incidentresponse.shared.alarm.AlarmSignals;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventEnvelope;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.routing.Router;
import io.incidentresponse.shared.routing.RoutingConfig;
import io.incidentresponse.shared.tracking.Outcome;
import io.incidentresponse.shared.tracking.SignalTracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * EventBridge "CloudWatch Alarm State Change" events in; Incident Manager incidents (or, by
 * routing rule, Security IR cases) opened, updated and resolved, one per alarm episode. A
 * malformed event fails the invocation before anything is written.
 */
public final class AlarmIncidentHandler implements RequestStreamHandler {
    private final AlarmEpisodes episodes;
    private final JsonLog log;

    /** Lambda's constructor: reads the configuration and builds the clients once per container. */
    public AlarmIncidentHandler() {
        this(Settings.fromEnvironment(), ClientFactory.fromEnvironment());
    }

    public AlarmIncidentHandler(Settings settings, ClientFactory clients) {
        this(AlarmEpisodes.create(new Router(RoutingConfig.from(settings)), SignalTracker.create(settings, clients, JsonLog.toStdout()),
                settings), JsonLog.toStdout());
    }

    public AlarmIncidentHandler(AlarmEpisodes episodes, JsonLog log) {
        this.episodes = episodes;
        this.log = log;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        EventJson.MAPPER.writeValue(output, handle(input));
    }

    Outcome handle(InputStream input) {
        EventEnvelope event;
        AlarmSignal alarm;
        try {
            event = EventJson.readEnvelope(input, AlarmSignals.SOURCE, AlarmSignals.DETAIL_TYPE);
            alarm = AlarmSignals.fromEvent(event);
        } catch (MalformedEventException e) {
            log.error("rejected malformed event", "eventId", e.eventId(), "problem", e.getMessage());
            throw e;
        }
        Outcome outcome = episodes.handle(event.id(), alarm);
        log.info("alarm " + alarm.state() + ": " + outcome.status(), "eventId", event.id(), "signalKey", alarm.signal().key(),
                "alarmName", alarm.signal().kind(), "previousState", alarm.previousState(), "stateTime", alarm.stateTime(),
                "target", outcome.target(), "externalId", outcome.externalId(), "occurrences", outcome.occurrences(),
                "detail", outcome.detail(), "notes", alarm.signal().notesForLog());
        return outcome;
    }
}
