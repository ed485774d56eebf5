package dev.trailflow.job.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailflow.job.sinks.BulkResponses.Item;
import dev.trailflow.job.sinks.BulkResponses.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every status class, for a whole request and for one item; the bulk body; the backoff. */
class BulkResponsesTest {

    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void wholeRequestsAreRetriedWhenWaitingCanHelpAndFailTheJobWhenNot() {
        for (int s : new int[] {408, 429, 500, 502, 503, 504}) {
            assertEquals(Request.RETRY, BulkResponses.ofRequestStatus(s), "status " + s);
        }
        assertEquals(Request.SPLIT, BulkResponses.ofRequestStatus(413));
        for (int s : new int[] {400, 404, 405}) {
            assertEquals(Request.FATAL, BulkResponses.ofRequestStatus(s), "status " + s);
        }
        for (int s : new int[] {401, 403}) {
            assertEquals(Request.DENIED, BulkResponses.ofRequestStatus(s), "status " + s);
        }
    }

    @Test
    void itemsAreWrittenRetriedRefusedOrSuperseded() {
        assertEquals(Item.WRITTEN, BulkResponses.ofItem(200, false));
        assertEquals(Item.WRITTEN, BulkResponses.ofItem(201, true));
        assertEquals(Item.RETRY, BulkResponses.ofItem(429, false));
        assertEquals(Item.RETRY, BulkResponses.ofItem(503, false));
        assertEquals(Item.RETRY, BulkResponses.ofItem(500, true));
        assertEquals(Item.REFUSED, BulkResponses.ofItem(400, false), "a mapping conflict");
        assertEquals(Item.REFUSED, BulkResponses.ofItem(404, false));
        assertEquals(Item.REFUSED, BulkResponses.ofItem(409, false), "a conflict on a document without a version");
        assertEquals(Item.SUPERSEDED, BulkResponses.ofItem(409, true), "an older rollup count lost to a newer one");
        assertEquals(Item.DENIED, BulkResponses.ofItem(403, false), "a permission the role lacks: no dead letter");
        assertEquals(Item.DENIED, BulkResponses.ofItem(401, true));
    }

    @Test
    void anAnswerWithoutErrorsIsReadNoFurtherThanItsFlag() throws IOException {
        BulkResponses.Items a = BulkResponses.parse(bytes("{\"errors\":false,\"items\":[{\"index\":{\"status\":201}}]}"));
        assertFalse(a.errors);
        BulkResponses.Items b = BulkResponses.parse(bytes("{\"took\":3,\"errors\":false}"));
        assertFalse(b.errors);
    }

    @Test
    void anAnswerWithErrorsGivesEachItemsStatusAndReasonInOrder() throws IOException {
        BulkResponses.Items a = BulkResponses.parse(bytes("{\"errors\":true,\"items\":["
                + "{\"index\":{\"status\":201}},"
                + "{\"index\":{\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"busy\"}}},"
                + "{\"create\":{\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"bad\","
                + "\"caused_by\":{\"type\":\"x\",\"reason\":\"y\"}}}},"
                + "{\"index\":{\"_index\":\"i\",\"status\":409,\"error\":\"version conflict\"}}]}"));
        assertTrue(a.errors);
        assertEquals(List.of(201, 429, 400, 409), a.status);
        assertNull(a.error.get(0));
        assertEquals("es_rejected_execution_exception: busy", a.error.get(1));
        assertEquals("mapper_parsing_exception: bad", a.error.get(2));
        assertEquals("version conflict", a.error.get(3));
    }

    @Test
    void somethingElseThanABulkAnswerIsAnError() {
        assertThrows(IOException.class, () -> BulkResponses.parse(bytes("<html>502 Bad Gateway</html>")));
        assertThrows(IOException.class, () -> BulkResponses.parse(bytes("{\"items\":[]}")));
        assertThrows(IOException.class, () -> BulkResponses.parse(bytes("{\"errors\":true,\"items\":[{\"index\":")));
    }

    @Test
    void theBodyIsOneActionLineAndTheDocumentsOwnBytesPerItem() throws IOException {
        byte[] doc = bytes("{\"a\":\"x\\ny\",  \"b\" : 1}");
        byte[] body = BulkBody.of(List.of(new BulkItem("raw-1", "id \"quoted\" \\ back", BulkItem.NO_VERSION, doc),
                new BulkItem("rollups", "r1", 7, bytes("{}"))));
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n", -1);
        assertEquals(5, lines.length, "two lines per item and the final newline");
        assertEquals("", lines[4]);
        JsonNode action = M.readTree(lines[0]).get("index");
        assertEquals("raw-1", action.get("_index").asText());
        assertEquals("id \"quoted\" \\ back", action.get("_id").asText(), "an id from an event is escaped");
        assertFalse(action.has("version"));
        assertEquals(new String(doc, StandardCharsets.UTF_8), lines[1], "the document as it was, byte for byte");
        JsonNode versioned = M.readTree(lines[2]).get("index");
        assertEquals(7, versioned.get("version").asLong());
        assertEquals("external_gte", versioned.get("version_type").asText());
    }

    @Test
    void backoffDoublesFromTwoHundredMillisecondsUpToItsCapWithJitter() {
        Backoff low = new Backoff(Duration.ofSeconds(5), () -> 0.0);
        Backoff high = new Backoff(Duration.ofSeconds(5), () -> 0.999_999);
        assertEquals(100, low.millis(1));
        assertEquals(199, high.millis(1));
        assertEquals(200, low.millis(2));
        assertEquals(400, low.millis(3));
        assertEquals(2_500, low.millis(10), "capped");
        assertEquals(4_999, high.millis(1_000), "capped, however many retries");
        assertEquals(100, new Backoff(Duration.ZERO, () -> 0.0).millis(50), "a cap below the first step is the first step");
    }

    @Test
    void aRefusedDocumentBecomesADeadLetterWithItsReasonAndText() throws IOException {
        BulkItem refused = new BulkItem("cloudtrail-2024.09.27", "poison-1", BulkItem.NO_VERSION,
                bytes("{\"eventID\":\"poison-1\"}"));
        BulkItem d = OpenSearchSinkWriter.deadLetter(refused, 400, "mapper_parsing_exception: bad", "dead");
        assertEquals("dead", d.index);
        JsonNode doc = M.readTree(d.document);
        assertEquals("opensearch_rejected", doc.get("reason").get("code").asText());
        assertEquals("status 400: mapper_parsing_exception: bad", doc.get("reason").get("message").asText());
        assertEquals("opensearch:cloudtrail-2024.09.27", doc.get("source").get("uri").asText());
        assertEquals("_id poison-1", doc.get("source").get("position").asText());
        assertEquals("{\"eventID\":\"poison-1\"}", doc.get("payload").asText());
        assertEquals(d.id, OpenSearchSinkWriter.deadLetter(refused, 400, "another message", "dead").id,
                "a refusal sent again overwrites its dead letter");
    }

    @Test
    void checkpointedItemsComeBackAsTheyWere() throws IOException {
        OpenSearchSink.StateSerializer s = new OpenSearchSink.StateSerializer();
        List<BulkItem> items = List.of(new BulkItem("raw", "é".repeat(40_000), BulkItem.NO_VERSION, bytes("{\"x\":1}")),
                new BulkItem("rollups", "r", 12, bytes("{}")), new BulkItem("raw", null, BulkItem.NO_VERSION, bytes("{}")));
        org.apache.flink.connector.base.sink.writer.BufferedRequestState<BulkItem> state =
                new org.apache.flink.connector.base.sink.writer.BufferedRequestState<>(items.stream()
                        .map(i -> new org.apache.flink.connector.base.sink.writer.RequestEntryWrapper<>(i, i.sizeInBytes()))
                        .collect(java.util.stream.Collectors.toList()));
        List<BulkItem> back = s.deserialize(s.getVersion(), s.serialize(state)).getBufferedRequestEntries().stream()
                .map(w -> w.getRequestEntry()).collect(java.util.stream.Collectors.toList());
        assertEquals(items.toString(), back.toString());
        assertEquals("é".repeat(40_000), back.get(0).id, "longer than writeUTF takes");
        assertEquals(12, back.get(1).version);
        assertNull(back.get(2).id);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
