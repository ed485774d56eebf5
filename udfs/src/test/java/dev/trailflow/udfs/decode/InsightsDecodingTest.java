package dev.trailflow.udfs.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailflow.udfs.flatten.EventTime;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * CloudTrail Insights events (eventType AwsCloudTrailInsight: no top-level eventSource or eventName)
 * decode to their own kind, as raw-record documents with every key, in every shape an event comes in.
 */
class InsightsDecodingTest {

    private static final ObjectMapper M = new ObjectMapper();

    /** The Insights events of the AWS documentation's examples, one JSON object per line. */
    static List<String> documentedInsights() throws IOException {
        Path ndjson = CorpusTest.CORPUS.resolve("awsdocs/cloudtrail_examples.ndjson");
        assumeTrue(Files.isRegularFile(ndjson), "shared CloudTrail samples not found; skipping");
        return Files.readAllLines(ndjson, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("\"AwsCloudTrailInsight\"")).collect(Collectors.toList());
    }

    private static List<Decoded> decode(String payload) throws IOException {
        List<Decoded> out = new ArrayList<>();
        try (CloudTrailDecoder d = CloudTrailDecoder.open(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), "t")) {
            for (Decoded x = d.next(); x != null; x = d.next()) {
                out.add(x);
            }
        }
        return out;
    }

    @Test
    void documentedInsightsBecomeInsightsWithEveryKeyTheirTimeAndId() throws IOException {
        List<String> lines = documentedInsights();
        assertEquals(3, lines.size());
        for (String line : lines) {
            List<Decoded> all = decode(line);
            assertEquals(1, all.size());
            Decoded d = all.get(0);
            assertEquals(Decoded.Kind.INSIGHT, d.kind(), d::toString);
            JsonNode in = M.readTree(line);
            ObjectNode doc = (ObjectNode) M.readTree(d.record().document);
            assertEquals(in.get("eventID").asText(), d.record().documentId);
            assertEquals(EventTime.formatIsoMillis(EventTime.parseMillis(in.get("eventTime").asText())),
                    doc.remove("@timestamp").asText());
            assertEquals(in, doc, "every key kept as it was");
            assertTrue(d.record().insight);
            assertNull(d.record().eventSource, "the API it is about is in insightDetails, not a rollup dimension");
        }
    }

    @Test
    void insightsAmongEventsKeepTheirPlaceInEveryShape() throws IOException {
        String insight = documentedInsights().get(0);
        String event = "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-09-27T20:07:35Z\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"eventName\":\"GetObject\",\"eventID\":\"e1\"}";
        String records = "{\"Records\":[" + event + "," + insight + "]}";
        String eventBridge = "{\"detail-type\":\"AWS Insight via CloudTrail\",\"source\":\"aws.cloudtrail\",\"detail\":" + insight + "}";
        String cwl = M.writeValueAsString(M.createObjectNode().put("messageType", "DATA_MESSAGE")
                .set("logEvents", M.createArrayNode().add(M.createObjectNode().put("id", "1").put("message", insight))));
        assertEquals(List.of(Decoded.Kind.EVENT, Decoded.Kind.INSIGHT), kinds(decode(records)));
        assertEquals(List.of(Decoded.Kind.INSIGHT), kinds(decode(eventBridge)));
        assertEquals(List.of(Decoded.Kind.INSIGHT), kinds(decode(cwl)));
        assertEquals(List.of(Decoded.Kind.INSIGHT, Decoded.Kind.EVENT), kinds(decode(insight + "\n" + event)));
    }

    @Test
    void anInsightStillNeedsAVersionAndATime() throws IOException {
        String noTime = "{\"eventVersion\":\"1.08\",\"eventType\":\"AwsCloudTrailInsight\",\"eventID\":\"i\"}";
        assertEquals(Reason.MISSING_EVENT_TIME.code(), decode(noTime).get(0).deadLetter().reason);
        String noVersion = "{\"eventTime\":\"2024-09-27T20:07:35Z\",\"eventType\":\"AwsCloudTrailInsight\"}";
        assertEquals(Reason.NOT_CLOUDTRAIL.code(), decode(noVersion).get(0).deadLetter().reason);
        // Only Insights may leave eventSource and eventName out.
        String apiCall = "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-09-27T20:07:35Z\",\"eventType\":\"AwsApiCall\"}";
        assertEquals(Reason.NOT_CLOUDTRAIL.code(), decode(apiCall).get(0).deadLetter().reason);
    }

    private static List<Decoded.Kind> kinds(List<Decoded> all) {
        return all.stream().map(Decoded::kind).collect(Collectors.toList());
    }
}
