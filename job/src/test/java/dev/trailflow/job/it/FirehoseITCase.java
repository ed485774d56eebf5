package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.generate.KinesisPayloads;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Firehose deliveries in S3, read through the S3-API server: CloudWatch Logs records concatenated as
 * gzip members (and gzipped again when the delivery stream compresses), EventBridge events
 * concatenated or newline-delimited. They give the same rollups as the same events in CloudTrail
 * log files, and both equal an independent GROUP BY.
 */
class FirehoseITCase extends JobITBase {

    static String bucket;
    static final ObjectMapper M = new ObjectMapper();
    static S3It s3;

    @BeforeAll
    static void servers() throws IOException {
        s3 = S3It.connect();
        bucket = s3.freshBucket("trail-firehose");
        os.deleteIndices("itfh-*");
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        parts.forEach(b::writeBytes);
        return b.toByteArray();
    }

    /** CloudWatch Logs envelopes of 40 events, as a subscription sends them. */
    private static List<byte[]> envelopes(List<ObjectNode> events, long firstId) {
        List<byte[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < events.size(); i += 40) {
            out.add(KinesisPayloads.cloudWatchLogs(events.subList(i, Math.min(events.size(), i + 40)), firstId + i));
        }
        return out;
    }

    private static void run(String paths, String prefix) throws Exception {
        TrailflowJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), JobSettings.fromArgs(new String[] {
            "--source.paths", paths, "--opensearch.hosts", os.url,
            "--opensearch.raw-index", prefix + "-raw-{yyyy.MM.dd}", "--opensearch.rollup-index", prefix + "-rollups",
            "--opensearch.deadletter-index", prefix + "-dead", "--parallelism", "2"}));
    }

    @Test
    void firehoseDeliveriesGiveTheSameRollupsAsTheSameEventsInLogFiles() throws Exception {
        List<ObjectNode> events = KinesisPayloads.events(new GeneratorConfig().events(4_000).seed(53)
                .span(Duration.ofHours(2)));
        ExpectedOutput expected = new ExpectedOutput(300_000);
        events.forEach(expected::add);

        // One delivery object per 200 events, the four shapes in turn.
        int objects = 0;
        for (int start = 0; start < events.size(); start += 200, objects++) {
            List<ObjectNode> part = events.subList(start, Math.min(events.size(), start + 200));
            String key = String.format("firehose/2024/09/27/%02d/trail-delivery-1-2024-09-27-%02d-00-00-%04d", objects % 24,
                    objects % 24, objects);
            switch (objects % 4) {
                case 0: { // CloudWatch Logs → Firehose, no compression of its own: gzip members back to back
                    List<byte[]> members = new java.util.ArrayList<>();
                    members.add(KinesisPayloads.control());
                    members.addAll(envelopes(part, start));
                    s3.put(bucket, key, concat(members));
                    break;
                }
                case 1: { // the same with the delivery stream's GZIP on top: gzip inside gzip
                    s3.put(bucket, key + ".gz", KinesisPayloads.gzip(concat(envelopes(part, start))));
                    break;
                }
                case 2: { // EventBridge → Firehose: JSON values back to back, nothing between them
                    List<byte[]> values = new java.util.ArrayList<>();
                    part.forEach(e -> values.add(KinesisPayloads.eventBridge(e)));
                    s3.put(bucket, key, concat(values));
                    break;
                }
                default: { // EventBridge with a newline delimiter, compressed
                    StringBuilder nd = new StringBuilder();
                    part.forEach(e -> nd.append(new String(KinesisPayloads.eventBridge(e), StandardCharsets.UTF_8)).append('\n'));
                    s3.put(bucket, key + ".gz", KinesisPayloads.gzip(nd.toString().getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        // The same events as CloudTrail log files.
        for (int start = 0, n = 0; start < events.size(); start += 250, n++) {
            ObjectNode file = M.createObjectNode();
            file.putArray("Records").addAll(events.subList(start, Math.min(events.size(), start + 250)));
            s3.put(bucket, String.format("AWSLogs/111122223333/CloudTrail/us-east-1/2024/09/27/111122223333_CloudTrail_"
                    + "us-east-1_20240927T00%02dZ_f%03d.json.gz", n % 60, n), KinesisPayloads.gzip(M.writeValueAsBytes(file)));
        }

        run("s3://" + bucket + "/firehose/", "itfh-fh");
        run("s3://" + bucket + "/AWSLogs/", "itfh-ct");

        Map<List<String>, Long> firehose = ExpectedOutput.written(os, "itfh-fh-rollups");
        Map<List<String>, Long> logFiles = ExpectedOutput.written(os, "itfh-ct-rollups");
        assertTrue(expected.rollups.equals(firehose), () -> ExpectedOutput.diff(expected.rollups, firehose));
        assertEquals(logFiles, firehose, "the same events give the same rollups whichever way they were delivered");
        assertEquals(expected.events, os.count("itfh-fh-raw-*"));
        assertEquals(0, os.count("itfh-fh-dead"), "nothing in a well-formed delivery is a dead letter");
    }
}
