package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailflow.generate.KinesisPayloads;
import dev.trailflow.generate.CloudTrailGenerator;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A backfill from a real S3-API server into a real OpenSearch, in BATCH mode: every rollup equals an
 * independent GROUP BY over the generated events, the raw index holds each event once, and the
 * planted bad inputs are the dead letters.
 */
class BoundedS3ITCase extends JobITBase {

    static String bucket;
    static S3It s3;

    @BeforeAll
    static void servers() throws IOException {
        s3 = S3It.connect();
        bucket = s3.freshBucket("trail-bounded");
        os.deleteIndices("itb-*");
    }

    @Test
    void backfillGivesExactRollupsEveryEventOnceAndThePlantedDeadLetters() throws Exception {
        ExpectedOutput expected = new ExpectedOutput(300_000);
        GeneratorConfig cfg = new GeneratorConfig().events(12_000).seed(11).span(java.time.Duration.ofHours(3))
                .largeEvents(3).oddTimeFraction(0.05).gzip(false);
        new CloudTrailGenerator().generate(cfg, (key, delivered, json) -> {
            if (!key.contains("CloudTrail-Digest")) {
                expected.addLogFile(json);
            }
            s3.put(bucket, key + ".gz", KinesisPayloads.gzip(json));
        });

        // Planted: a corrupt gzip, an S3 notification look-alike, and a JSON file cut in the middle.
        String dir = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/09/27/";
        byte[] corrupt = KinesisPayloads.gzip("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8));
        for (int i = 10; i < corrupt.length - 8; i++) {
            corrupt[i] ^= 0x33;
        }
        s3.put(bucket, dir + "planted_corrupt.json.gz", corrupt);
        s3.put(bucket, dir + "planted_notification.json", ("{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\","
                + "\"eventTime\":\"2024-09-27T20:00:00.000Z\",\"eventName\":\"ObjectCreated:Put\"}]}").getBytes(StandardCharsets.UTF_8));
        s3.put(bucket, dir + "planted_cut.json", "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTi".getBytes(StandardCharsets.UTF_8));

        JobSettings settings = JobSettings.fromArgs(new String[] {
            "--source.paths", "s3://" + bucket + "/AWSLogs/",
            "--opensearch.hosts", os.url,
            "--opensearch.raw-index", "itb-raw-{yyyy.MM.dd}",
            "--opensearch.rollup-index", "itb-rollups",
            "--opensearch.deadletter-index", "itb-dead",
            "--parallelism", "2"});
        assertTrue(settings.bounded());
        TrailflowJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), settings);

        // Rollups: same groups, same counts, ids as the job derives them.
        Map<List<String>, Long> actual = ExpectedOutput.written(os, "itb-rollups");
        for (JsonNode doc : os.all("itb-rollups")) {
            assertFalse(doc.has("aws.cloudtrail.userIdentity.type") && doc.get("aws.cloudtrail.userIdentity.type").isNull(),
                    "null dimensions are left out, never written as null");
        }
        assertTrue(expected.rollups.equals(actual), () -> ExpectedOutput.diff(expected.rollups, actual));
        assertTrue(expected.rollups.values().stream().anyMatch(c -> c > 5), "the generator's skew makes groups large");

        // Raw: every event exactly once, in the index of its own day.
        assertEquals(expected.events, os.count("itb-raw-*"));
        JsonNode one = os.call("POST", "/itb-raw-*/_search", "{\"size\":1,\"query\":{\"exists\":{\"field\":\"requestParameters._value\"}}}");
        assertTrue(one.path("hits").path("total").path("value").asLong() > 0, "wrapped string payloads were indexed");

        // Dead letters: exactly the planted ones.
        Map<String, Long> reasons = new HashMap<>();
        for (JsonNode d : os.all("itb-dead")) {
            reasons.merge(d.get("reason").get("code").asText(), 1L, Long::sum);
            assertTrue(d.get("source").get("uri").asText().startsWith("s3://" + bucket + "/"), d.toString());
        }
        Map<String, Long> planted = new HashMap<>();
        planted.put("gzip_corrupt", 1L);
        planted.put("not_cloudtrail", 1L);
        planted.put("json_syntax", 1L);
        assertEquals(planted, reasons);
    }

    @Test
    void aRangeOfDaysReadsExactlyTheFilesDeliveredThenWithExactRollups() throws Exception {
        String rangeBucket = s3.freshBucket("trail-range");
        java.time.Instant start = java.time.Instant.parse("2024-09-28T00:00:00Z");
        java.time.Instant end = java.time.Instant.parse("2024-09-29T00:00:00Z");
        ExpectedOutput expected = new ExpectedOutput(300_000);
        long[] outside = new long[1];
        GeneratorConfig cfg = new GeneratorConfig().events(6_000).seed(13).span(java.time.Duration.ofHours(72))
                .accounts(2).regions(2).gzip(false);
        new CloudTrailGenerator().generate(cfg, (key, delivered, json) -> {
            long stamp = dev.trailflow.job.sources.DeliveryOrderAssigner.stampMillis(key.substring(key.lastIndexOf('/') + 1));
            if (!key.contains("CloudTrail-Digest")) {
                if (stamp >= start.toEpochMilli() && stamp < end.toEpochMilli()) {
                    expected.addLogFile(json);
                } else {
                    outside[0] += expected.countIn(json);
                }
            }
            s3.put(rangeBucket, key, json);
        });
        assertTrue(expected.events > 0 && outside[0] > expected.events, "most of the bucket is outside the range");
        JobSettings settings = JobSettings.fromArgs(new String[] {
            "--source.paths", "s3://" + rangeBucket + "/",
            "--source.start-time", start.toString(), "--source.end-time", end.toString(),
            "--opensearch.hosts", os.url, "--opensearch.raw-index", "itr-raw-{yyyy.MM.dd}",
            "--opensearch.rollup-index", "itr-rollups", "--opensearch.deadletter-index", "itr-dead",
            "--parallelism", "2"});
        os.deleteIndices("itr-*");
        assertTrue(settings.bounded());
        TrailflowJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), settings);
        assertEquals(expected.events, os.count("itr-raw-*"), "every event of the files delivered in the range, no other");
        Map<List<String>, Long> actual = ExpectedOutput.written(os, "itr-rollups");
        assertTrue(expected.rollups.equals(actual), () -> ExpectedOutput.diff(expected.rollups, actual));
        assertEquals(0, os.count("itr-dead"));
    }
}
