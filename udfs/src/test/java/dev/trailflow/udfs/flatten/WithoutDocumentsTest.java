package dev.trailflow.udfs.flatten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.trailflow.udfs.decode.CloudTrailDecoder;
import dev.trailflow.udfs.decode.CorpusTest;
import dev.trailflow.udfs.decode.Decoded;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A flattener without documents (runs that write no raw records) sends every input to the same place
 * as one with documents: the same events with the same time, dimensions and eventID, the same dead
 * letters and skips, in the same order; only the document is left out.
 */
class WithoutDocumentsTest {

    /** Both ways over one payload; returns how many events there were. */
    static int check(byte[] payload) throws IOException {
        List<Decoded> full = decode(payload, new EventFlattener());
        List<Decoded> lean = decode(payload, EventFlattener.of(false));
        assertEquals(full.size(), lean.size());
        int events = 0;
        for (int i = 0; i < full.size(); i++) {
            Decoded f = full.get(i);
            Decoded l = lean.get(i);
            assertEquals(f.kind(), l.kind(), "outcome " + i);
            if (f.kind() == Decoded.Kind.EVENT) {
                CloudTrailRecord a = f.record();
                CloudTrailRecord b = l.record();
                assertNotNull(a.document);
                assertNull(b.document);
                assertEquals(a.eventTime, b.eventTime);
                assertArrayEquals(a.dimensions(), b.dimensions());
                // Without a document there is nothing to hash: an event without eventID has no id.
                assertEquals(a.documentId.startsWith("sha256-") ? null : a.documentId, b.documentId);
                events++;
            } else if (f.kind() == Decoded.Kind.DEAD_LETTER) {
                assertEquals(f.deadLetter().reason, l.deadLetter().reason);
                assertEquals(f.deadLetter().message, l.deadLetter().message);
                assertEquals(f.deadLetter().position, l.deadLetter().position);
                assertEquals(f.deadLetter().payload, l.deadLetter().payload);
            } else {
                assertEquals(f.skip(), l.skip());
            }
        }
        return events;
    }

    private static List<Decoded> decode(byte[] payload, EventFlattener flattener) throws IOException {
        List<Decoded> out = new ArrayList<>();
        try (CloudTrailDecoder d = CloudTrailDecoder.open(new ByteArrayInputStream(payload), "t", flattener)) {
            for (Decoded x = d.next(); x != null; x = d.next()) {
                out.add(x);
            }
        }
        return out;
    }

    @Test
    void oddEventsAndBadOnesGoWhereTheyGoWithDocuments() throws IOException {
        String[] payloads = {
            // no eventID; identity with nested objects, an array and an empty object; payloads of every shape
            "{\"Records\":[{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\",\"accountId\":\"1\","
                + "\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"arn\":[\"a\"],\"userName\":{\"n\":1}},"
                + "\"attributes\":{}},\"tags\":[1,2]},\"eventTime\":\"2024-09-27T20:07:35Z\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"requestParameters\":\"x\","
                + "\"responseElements\":[1,{\"a\":2}],\"@timestamp\":3,\"awsRegion\":{\"odd\":1},\"sourceIPAddress\":null},"
                // bad time, missing fields, a service notification, not an object
                + "{\"eventVersion\":\"1.08\",\"eventTime\":\"yesterday\",\"eventSource\":\"s\",\"eventName\":\"n\"},"
                + "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-09-27T20:07:35Z\"},"
                + "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-09-27T20:07:35Z\",\"eventSource\":\"aws:s\",\"eventName\":\"n\"},"
                + "7,{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-09-27T20:07:36Z\",\"eventSource\":\"s\","
                + "\"eventName\":\"n\",\"eventID\":\"e-1\",\"userIdentity\":{}}]}",
            // a syntax error after a good event
            "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-09-27T20:07:35Z\",\"eventSource\":\"s\",\"eventName\":\"n\","
                + "\"eventID\":\"e-2\"}\n{\"eventVersion\":",
        };
        int events = 0;
        for (String p : payloads) {
            events += check(p.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(3, events);
    }

    @Test
    void everyFileOfTheSharedCorpusGoesWhereItGoesWithDocuments() throws IOException {
        int events = 0;
        for (Path f : CorpusTest.files()) {
            events += check(Files.readAllBytes(f));
        }
        assertEquals(1037, events);
    }
}
