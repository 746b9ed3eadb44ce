package io.incidentresponse.shared.event;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.testing.SampleEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventJsonTest {
    private static final String SSH = "guardduty/ec2-ssh-brute-force.json";
    private static final String SOURCE = "aws.guardduty";
    private static final String DETAIL_TYPE = "GuardDuty Finding";

    private static EventEnvelope read(String json) {
        return EventJson.readEnvelope(stream(json), SOURCE, DETAIL_TYPE);
    }

    @Test
    void aCompleteEventIsReadWithoutNotes() {
        // when
        EventEnvelope event = read(text(SSH));

        // then
        assertEquals(SOURCE, event.source());
        assertEquals(DETAIL_TYPE, event.detailType());
        assertTrue(event.detail().has("id"));
        assertEquals(List.of(), event.notes());
    }

    @Test
    void missingSourceAndDetailTypeAreTakenAsTheFunctionsOwnAndNoted() {
        // given an event as some published samples have it, without source and detail-type
        String json = edited(SSH, tree -> tree.remove(List.of("source", "detail-type")));

        // when
        EventEnvelope event = read(json);

        // then
        assertNull(event.source());
        assertEquals(2, event.notes().size(), event.notes().toString());
        assertTrue(event.notes().get(0).contains("no source; it is taken as 'aws.guardduty'"), event.notes().get(0));
        assertTrue(event.notes().get(1).contains("no detail-type"), event.notes().get(1));
    }

    @Test
    void aBlankSourceCountsAsMissing() {
        assertEquals(1, read(edited(SSH, tree -> tree.put("source", " "))).notes().size());
    }

    @Test
    void anotherSourceIsRefusedNamingIt() {
        // when
        MalformedEventException error = assertThrows(MalformedEventException.class,
                () -> read(edited(SSH, tree -> tree.put("source", "aws.securityhub"))));

        // then
        assertTrue(error.getMessage().endsWith("source is 'aws.securityhub', expected 'aws.guardduty'"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"s\": 1}", "[\"aws.guardduty\"]"})
    void aSourceThatIsNotTextIsRefusedNamingIt(String value) {
        // when
        MalformedEventException error = assertThrows(MalformedEventException.class,
                () -> read(edited(SSH, tree -> tree.set("source", parse(value)))));

        // then
        assertTrue(error.getMessage().contains("source could not be read"), error.getMessage());
    }

    @Test
    void anotherDetailTypeIsRefused() {
        MalformedEventException error = assertThrows(MalformedEventException.class,
                () -> read(edited(SSH, tree -> tree.put("detail-type", "GuardDuty Malware Protection Object Scan Result"))));
        assertTrue(error.getMessage().contains("detail-type is 'GuardDuty Malware Protection Object Scan Result'"), error.getMessage());
    }

    @Test
    void aMissingIdIsDerivedFromTheDetailTheSameWayEveryTime() {
        // given
        String json = edited(SSH, tree -> tree.remove("id"));

        // when
        EventEnvelope first = read(json);
        EventEnvelope again = read(json);
        EventEnvelope other = read(edited(SSH, tree -> {
            tree.remove("id");
            ((ObjectNode) tree.get("detail")).put("updatedAt", "2026-10-15T00:00:00.000Z");
        }));

        // then
        assertTrue(first.id().matches("derived-[0-9a-f]{32}"), first.id());
        assertEquals(first.id(), again.id());
        assertFalse(first.id().equals(other.id()));
        assertTrue(first.notes().get(0).contains("no readable id; it is named " + first.id()), first.notes().toString());
    }

    @Test
    void anIdThatIsAnObjectIsDerivedToo() {
        EventEnvelope event = read(edited(SSH, tree -> tree.putObject("id").put("x", 1)));
        assertTrue(event.id().startsWith("derived-"), event.id());
    }

    @Test
    void otherEnvelopeMembersOfTheWrongTypeAreLeftOutAndNoted() {
        // when
        EventEnvelope event = read(edited(SSH, tree -> {
            tree.putObject("time").put("epoch", 1);
            tree.put("resources", 7);
        }));

        // then
        assertNull(event.time());
        assertEquals(List.of(), event.resources());
        assertEquals(List.of("The event's time could not be read: expected text, found an object",
                "The event's resources could not be read: expected an array, found a number"), event.notes());
    }

    @Test
    void theNotesAreNotWrittenWithTheEvent() {
        // given an event whose reading was noted, and one that smuggles in notes of its own
        EventEnvelope event = read(edited(SSH, tree -> {
            tree.remove("source");
            tree.putArray("notes").add("forged");
        }));

        // when
        String json = EventJson.toJson(event);

        // then
        assertFalse(json.contains("\"notes\""), json);
        assertFalse(event.notes().contains("forged"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null"})
    void aJsonValueThatIsNotAnObjectIsRefused(String json) {
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> read(json));
        assertTrue(error.getMessage().contains("not an EventBridge event"), error.getMessage());
    }

    @Test
    void nothingAtAllIsRefused() {
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> read(""));
        assertTrue(error.getMessage().contains("empty"), error.getMessage());
    }

    @Test
    void aBareFindingWithoutItsEnvelopeIsRefusedWithAHint() {
        // given the finding alone, as a GuardDuty export has it
        String finding = SampleEvents.tree(SSH).get("detail").toString();

        // when
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> read(finding));

        // then
        assertTrue(error.getMessage().contains("has no detail object (an EventBridge event carries the finding or alarm in detail)"),
                error.getMessage());
    }

    private static JsonNode parse(String json) {
        try {
            return EventJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
