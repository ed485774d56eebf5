package dev.trailflow.udfs.flatten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trailflow.udfs.decode.CloudTrailDecoder;
import dev.trailflow.udfs.decode.CorpusTest;
import dev.trailflow.udfs.decode.Decoded;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The spliced document (built from the input's own bytes) is the same JSON as the one written token
 * by token from a tree: the fast path is checked against the plain one on every event we have.
 */
class SpliceEquivalenceTest {

    /** Exact numbers, so that re-serializing for the token-by-token path changes no digit. */
    private static final ObjectMapper M = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    /** Every event of a payload, each compared with flattening its own re-serialized text. */
    static int check(byte[] payload) throws IOException {
        int events = 0;
        EventFlattener plain = new EventFlattener();
        try (CloudTrailDecoder d = CloudTrailDecoder.open(new ByteArrayInputStream(payload), "t")) {
            for (Decoded x = d.next(); x != null; x = d.next()) {
                if (x.record() == null) {
                    continue;
                }
                CloudTrailRecord spliced = x.record();
                JsonNode doc = M.readTree(spliced.document);
                JsonNode original = unflatten(doc);
                CloudTrailRecord written = plain.flatten(M.writeValueAsString(original));
                assertEquals(M.readTree(written.document), doc, () -> new String(spliced.document, StandardCharsets.UTF_8));
                assertEquals(written.documentId, spliced.documentId);
                assertEquals(written.eventTime, spliced.eventTime);
                assertArrayEquals(written.dimensions(), spliced.dimensions());
                events++;
            }
        }
        return events;
    }

    /** Undoes what flattening did, to get an input for the token-by-token path. */
    private static JsonNode unflatten(JsonNode doc) {
        com.fasterxml.jackson.databind.node.ObjectNode o = M.createObjectNode();
        doc.fields().forEachRemaining(e -> {
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (k.equals("@timestamp") || PromotedFields.COPIES.containsValue(k)) {
                return;
            }
            if (k.equals(EventFlattener.ORIGINAL_TIMESTAMP)) {
                k = "@timestamp";
            }
            if (k.startsWith("userIdentity.")) {
                com.fasterxml.jackson.databind.node.ObjectNode at = o.has("userIdentity")
                        ? (com.fasterxml.jackson.databind.node.ObjectNode) o.get("userIdentity") : o.putObject("userIdentity");
                String[] parts = k.substring("userIdentity.".length()).split("\\.");
                for (int i = 0; i < parts.length - 1; i++) {
                    at = at.has(parts[i]) ? (com.fasterxml.jackson.databind.node.ObjectNode) at.get(parts[i]) : at.putObject(parts[i]);
                }
                at.set(parts[parts.length - 1], v);
                return;
            }
            if (v.isObject() && v.size() == 1 && v.has(EventFlattener.WRAPPED_VALUE)) {
                v = v.get(EventFlattener.WRAPPED_VALUE);
            }
            o.set(k, v);
        });
        return o;
    }

    @Test
    void awkwardLayoutsSpliceCorrectly() throws IOException {
        String[] payloads = {
            // pretty-printed, payloads to wrap in the middle and at the end, userIdentity last
            "{\n  \"eventVersion\" : \"1.08\" ,\n  \"requestParameters\" :  \"text\"  ,\n  \"eventTime\":\"2024-09-27T20:07:35Z\",\n"
                + "  \"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\n  \"responseElements\" : [1, {\"a\":2}]\n,"
                + "  \"userIdentity\" : { \"type\" : \"Root\" , \"x\":{}}\n}\n",
            "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-09-27T20:07:35Z\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"eventName\":\"GetObject\",\"additionalEventData\":12.50,\"@timestamp\":{\"own\":true},"
                + "\"serviceEventDetails\":[{\"a\":1},{\"b\":[1,2]}],\"userIdentity\":{}}",
            "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"sessionContext\":{\"sessionIssuer\":{}}},"
                + "\"eventTime\":\"2024-09-27T20:07:35Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"\\u0047et\","
                + "\"requestParameters\":[],\"responseElements\":false,\"awsRegion\":{\"odd\":1},\"eventID\":\"\\\"q\\\"\"}",
            "[{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-09-27T20:07:35Z\",\"eventSource\":\"s\",\"eventName\":\"n\","
                + "\"requestParameters\":\"caf\u00e9 \u2603\"}\t,\r\n{\"eventVersion\":1,\"eventTime\":\"2024-09-27 20:07:35\","
                + "\"eventSource\":\"s\",\"eventName\":\"n\",\"responseElements\":null}]",
        };
        for (String p : payloads) {
            assertTrue(check(p.getBytes(StandardCharsets.UTF_8)) > 0, p);
        }
    }

    @Test
    void everyEventOfTheSharedCorpusSplicesLikeItIsWritten() throws IOException {
        int events = 0;
        for (Path f : CorpusTest.files()) {
            try (InputStream in = Files.newInputStream(f)) {
                events += check(in.readAllBytes());
            }
        }
        assertEquals(1041, events, "1037 events and 4 Insights events");
    }
}
