package dev.trailflow.udfs.flatten;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailflow.udfs.decode.CloudTrailDecoder;
import dev.trailflow.udfs.decode.Decoded;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A raw document is one line whatever the input's whitespace, so that it goes into an NDJSON bulk
 * body as its own bytes (SPEC §10): real public CloudTrail is often pretty-printed, with CRLF or tabs.
 * Characters that only look like line breaks stay what they are.
 */
class OneLineDocumentTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static List<CloudTrailRecord> events(String payload) throws IOException {
        List<CloudTrailRecord> out = new ArrayList<>();
        try (CloudTrailDecoder d = CloudTrailDecoder.open(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)),
                "t")) {
            for (Decoded x = d.next(); x != null; x = d.next()) {
                assertEquals(Decoded.Kind.EVENT, x.kind(), x::toString);
                out.add(x.record());
            }
        }
        return out;
    }

    @Test
    void prettyPrintedCrlfAndTabbedEventsBecomeOneLineWithTheSameContent() throws IOException {
        String event = "{\r\n\t\"eventVersion\" : \"1.08\",\r\n\t\"userIdentity\" : {\r\n\t\t\"type\" : \"Root\"\r\n\t},\n"
                + "  \"eventTime\": \"2024-09-27T20:07:35Z\",\n  \"eventSource\": \"s3.amazonaws.com\",\n"
                + "  \"eventName\": \"GetObject\",\n  \"eventID\": \"e-1\",\n"
                + "  \"requestParameters\": {\n    \"bucketName\": \"b\",\n    \"note\": \"line\\nbreak\\r\\n"
                + "\u2028sep\u2029para\\u2028\"\n  },\n  \"responseElements\": \"a string\\n\"\r\n}";
        String file = "{\n  \"Records\": [\n    " + event + ",\r\n    " + event.replace("e-1", "e-2") + "\n  ]\n}\n";
        List<CloudTrailRecord> records = events(file);
        assertEquals(2, records.size());
        for (CloudTrailRecord r : records) {
            String doc = new String(r.document, StandardCharsets.UTF_8);
            assertFalse(doc.contains("\n") || doc.contains("\r"), doc);
            JsonNode d = M.readTree(doc);
            assertEquals("line\nbreak\r\n\u2028sep\u2029para\u2028", d.get("requestParameters").get("note").asText(),
                    "escaped breaks and unicode separators inside strings are kept as they were");
            assertEquals("a string\n", d.get("responseElements").get("_value").asText());
            assertEquals("Root", d.get("userIdentity.type").asText());
            assertEquals("2024-09-27T20:07:35.000Z", d.get("@timestamp").asText());
        }
    }
}
