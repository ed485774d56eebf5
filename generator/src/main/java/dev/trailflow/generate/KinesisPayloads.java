package dev.trailflow.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailflow.udfs.flatten.EventTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * CloudTrail as it reaches a Kinesis Data Stream or a Firehose delivery: CloudWatch Logs subscription
 * envelopes (gzip, many events each), their control messages, and EventBridge events. Feeds
 * bin/trailflow-put-kinesis and the tests of the Kinesis and Firehose paths with the generator's events.
 */
public final class KinesisPayloads {

    private static final ObjectMapper M = new ObjectMapper();

    private KinesisPayloads() {}

    /**
     * Every event of the generated log files, oldest first, as a CloudWatch Logs subscription delivers
     * them (a trail's log group receives events in about the order they happen, not in S3 files).
     */
    public static List<ObjectNode> events(GeneratorConfig cfg) throws IOException {
        List<ObjectNode> events = new ArrayList<>();
        new CloudTrailGenerator().generate(cfg, (key, delivered, json) -> {
            if (key.contains("CloudTrail-Digest")) {
                return;
            }
            for (JsonNode e : M.readTree(json).path("Records")) {
                events.add((ObjectNode) e);
            }
        });
        events.sort(Comparator.comparingLong(KinesisPayloads::eventTime));
        return events;
    }

    private static long eventTime(JsonNode e) {
        long t = EventTime.parseMillis(e.path("eventTime").asText(""));
        return t == EventTime.INVALID ? Long.MAX_VALUE : t;
    }

    /** A DATA_MESSAGE envelope holding these events, gzip-compressed as the subscription sends it. */
    public static byte[] cloudWatchLogs(List<? extends JsonNode> events, long firstId) {
        ObjectNode env = envelope("DATA_MESSAGE");
        ArrayNode logEvents = env.putArray("logEvents");
        long id = firstId;
        for (JsonNode e : events) {
            ObjectNode le = logEvents.addObject();
            le.put("id", String.format("%056d", id++));
            long t = eventTime(e);
            le.put("timestamp", t == Long.MAX_VALUE ? 0 : t);
            le.put("message", e.toString());
        }
        return gzip(bytes(env));
    }

    /** The CONTROL_MESSAGE CloudWatch Logs sends when a subscription is created: no events. */
    public static byte[] control() {
        ObjectNode env = envelope("CONTROL_MESSAGE");
        env.put("owner", "CloudwatchLogs");
        env.put("logGroup", "");
        env.put("logStream", "");
        env.putArray("subscriptionFilters");
        env.putArray("logEvents").addObject()
                .put("id", "")
                .put("timestamp", 0)
                .put("message", "CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.");
        return gzip(bytes(env));
    }

    private static ObjectNode envelope(String type) {
        ObjectNode env = M.createObjectNode();
        env.put("messageType", type);
        env.put("owner", "111122223333");
        env.put("logGroup", "aws-cloudtrail-logs-111122223333");
        env.put("logStream", "111122223333_CloudTrail_us-east-1");
        env.putArray("subscriptionFilters").add("trailflow");
        return env;
    }

    /** The EventBridge event of an API call recorded by CloudTrail. */
    public static byte[] eventBridge(JsonNode event) {
        ObjectNode eb = M.createObjectNode();
        eb.put("version", "0");
        eb.put("id", "eb-" + event.path("eventID").asText());
        eb.put("detail-type", "AWS API Call via CloudTrail");
        String source = event.path("eventSource").asText("");
        eb.put("source", "aws." + (source.contains(".") ? source.substring(0, source.indexOf('.')) : source));
        eb.put("account", event.path("recipientAccountId").asText("111122223333"));
        eb.put("time", event.path("eventTime").asText());
        eb.put("region", event.path("awsRegion").asText("us-east-1"));
        eb.putArray("resources");
        eb.set("detail", event);
        return bytes(eb);
    }

    public static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return M.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
