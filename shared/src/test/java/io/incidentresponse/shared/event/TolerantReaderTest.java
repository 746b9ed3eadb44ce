package io.incidentresponse.shared.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TolerantReaderTest {
    record Port(Integer port, String portName) {
    }

    record Connection(String direction, Long bytes, Double score, Boolean blocked, Port remote, List<Port> probes,
                      List<String> ips, Map<String, String> tags, JsonNode extra) {
    }

    record Renamed(@JsonProperty("detail-type") String detailType, @JsonIgnore List<String> notes) {
    }

    record Unsupported(int primitive) {
    }

    private static JsonNode json(String text) throws IOException {
        return EventJson.MAPPER.readTree(text.replace('\'', '"'));
    }

    private static Connection read(TolerantReader reader, String text) throws IOException {
        return reader.read(json(text), Connection.class, "detail");
    }

    @Test
    void membersOfTheExpectedTypesAreReadAsTheyAre() throws IOException {
        // when
        TolerantReader reader = new TolerantReader();
        Connection connection = read(reader, "{'direction':'INBOUND','bytes':12,'score':7.5,'blocked':false,"
                + "'remote':{'port':22,'portName':'SSH'},'probes':[{'port':80}],'ips':['192.0.2.1'],"
                + "'tags':{'env':'prod'},'extra':[1,{'a':2}]}");

        // then
        assertEquals(new Connection("INBOUND", 12L, 7.5, false, new Port(22, "SSH"), List.of(new Port(80, null)),
                List.of("192.0.2.1"), Map.of("env", "prod"), json("[1,{'a':2}]")), connection);
        assertEquals(List.of(), reader.skipped());
    }

    @Test
    void aMemberOfAnUnexpectedTypeIsSkippedAndNamedWithItsPath() throws IOException {
        // given every member of a type it cannot be read as
        TolerantReader reader = new TolerantReader();

        // when
        Connection connection = read(reader, "{'direction':{'x':1},'bytes':'many','score':[],'blocked':'perhaps',"
                + "'remote':'', 'probes':'p','ips':{'a':1},'tags':['env'],'extra':null}");

        // then nothing was read, and each part is named with what it should have been
        assertEquals(new Connection(null, null, null, null, null, null, null, null, null), connection);
        assertEquals(List.of(
                "detail.direction could not be read: expected text, found an object",
                "detail.bytes could not be read: expected a whole number, found a string",
                "detail.score could not be read: expected a number, found an array",
                "detail.blocked could not be read: expected true or false, found a string",
                "detail.remote could not be read: expected an object, found an empty string",
                "detail.probes could not be read: expected an array, found a string",
                "detail.ips could not be read: expected an array, found an object",
                "detail.tags could not be read: expected an object, found an array"), reader.notes());
        assertEquals(Optional.of("expected a whole number, found a string"), reader.why("detail.bytes"));
    }

    @Test
    void numbersAndBooleansGivenAsTextAreRead() throws IOException {
        // when a port, a count, a score and a flag arrive as strings, and text as a number
        Connection connection = read(new TolerantReader(),
                "{'direction':42,'bytes':' 9000 ','score':'8.0','blocked':'TRUE','remote':{'port':'22'},'probes':[{'port':443.0}]}");

        // then
        assertEquals("42", connection.direction());
        assertEquals(9000L, connection.bytes());
        assertEquals(8.0, connection.score());
        assertEquals(true, connection.blocked());
        assertEquals(22, connection.remote().port());
        assertEquals(443, connection.probes().get(0).port());
    }

    @Test
    void wholeNumbersOutOfRangeOrWithAFractionAreSkipped() throws IOException {
        // given
        TolerantReader reader = new TolerantReader();

        // when
        Connection connection = read(reader, "{'bytes':99999999999999999999,'remote':{'port':10000000000},'probes':[{'port':22.5}],"
                + "'score':'1e999'}");

        // then
        assertNull(connection.bytes());
        assertNull(connection.remote().port());
        assertNull(connection.probes().get(0).port());
        assertEquals(List.of("detail.bytes", "detail.score", "detail.remote.port", "detail.probes[0].port"),
                reader.skipped().stream().map(TolerantReader.Skipped::path).toList());
        assertTrue(reader.why("detail.remote.port").orElseThrow().startsWith("expected a whole number in range"));
    }

    @Test
    void badElementsAndEntriesAreLeftOutAndTheRestKept() throws IOException {
        // given
        TolerantReader reader = new TolerantReader();

        // when
        Connection connection = read(reader, "{'probes':[{'port':1},'oops',null,{'port':2}],'ips':['192.0.2.1',{'no':1},7],"
                + "'tags':{'env':'prod','owner':{'team':'x'},'cost':12,'gone':null}}");

        // then
        assertEquals(List.of(new Port(1, null), new Port(2, null)), connection.probes());
        assertEquals(List.of("192.0.2.1", "7"), connection.ips());
        assertEquals(Map.of("env", "prod", "cost", "12"), connection.tags());
        assertEquals(List.of("detail.probes[1]", "detail.ips[1]", "detail.tags.owner"),
                reader.skipped().stream().map(TolerantReader.Skipped::path).toList());
    }

    @Test
    void aLoneValueWhereAnArrayBelongsIsSkipped() throws IOException {
        // given
        TolerantReader reader = new TolerantReader();

        // when
        Connection connection = read(reader, "{'probes':{'port':22},'ips':'192.0.2.1'}");

        // then
        assertNull(connection.probes());
        assertNull(connection.ips());
        assertEquals(List.of("detail.probes could not be read: expected an array, found an object",
                "detail.ips could not be read: expected an array, found a string"), reader.notes());
    }

    @Test
    void memberNamesMatchRegardlessOfCaseWhenNoneMatchesExactly() throws IOException {
        // when
        Connection connection = read(new TolerantReader(), "{'Direction':'OUTBOUND','direction ':'no','REMOTE':{'PORT':3389}}");

        // then
        assertEquals("OUTBOUND", connection.direction());
        assertEquals(3389, connection.remote().port());
    }

    @Test
    void aRenamedComponentIsReadByItsJsonNameAndAnIgnoredOneNever() throws IOException {
        // when
        Renamed renamed = new TolerantReader().read(json("{'detail-type':'GuardDuty Finding','notes':['forged']}"), Renamed.class, "");

        // then
        assertEquals(new Renamed("GuardDuty Finding", null), renamed);
    }

    @Test
    void theNotesNameTheFirstTenPartsAndCountTheRest() throws IOException {
        // given 60 probes that are not objects
        TolerantReader reader = new TolerantReader();
        String probes = String.join(",", java.util.Collections.nCopies(60, "'x'"));

        // when
        read(reader, "{'probes':[" + probes + "]}");

        // then
        assertEquals(60, reader.skippedCount());
        assertEquals(11, reader.notes().size());
        assertEquals("detail.probes[0] could not be read: expected an object, found a string", reader.notes().get(0));
        assertEquals("50 more parts of the event could not be read.", reader.notes().get(10));
    }

    @Test
    void aRootThatIsNotAnObjectIsSkipped() throws IOException {
        // given
        TolerantReader reader = new TolerantReader();

        // when
        Connection connection = reader.read(json("[1]"), Connection.class, "detail");

        // then
        assertNull(connection);
        assertEquals(List.of("detail could not be read: expected an object, found an array"), reader.notes());
    }

    @Test
    void aRecordWithATypeItCannotReadIsAProgrammingError() {
        // a primitive cannot be null, so a tolerant reader cannot leave it out
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> new TolerantReader().read(json("{'primitive':1}"), Unsupported.class, ""));
        assertTrue(error.getMessage().contains("primitive"), error.getMessage());
    }
}
