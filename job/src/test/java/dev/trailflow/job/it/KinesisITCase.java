package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.generate.KinesisPayloads;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.sources.KinesisStreams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.AmazonKinesis;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kinesis path against a real Kinesis-API server (kinesalite): CloudWatch Logs envelopes,
 * EventBridge events, control messages and bad records on a two-shard stream give exact rollups,
 * through a restore from a checkpoint; a shard that never receives anything does not hold time back.
 */
class KinesisITCase {

    static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final String RUN = Long.toHexString(System.currentTimeMillis());
    static String endpoint;
    static AmazonKinesis kinesis;
    static OpenSearchIt os;

    @TempDir
    Path dir;

    @BeforeAll
    static void servers() throws IOException {
        endpoint = System.getProperty("trailflow.it.kinesis", "");
        assumeTrue(!endpoint.isEmpty(), "no Kinesis-API server given (-Dtrailflow.it.kinesis); bin/test starts one");
        os = OpenSearchIt.connect();
        os.deleteIndices("itk*");
        KinesisStreams.standInCredentialsForLoopback(endpoint);
        kinesis = KinesisStreams.client(endpoint, "us-east-1");
    }

    @AfterAll
    static void close() throws IOException {
        if (os != null) {
            os.close();
        }
    }

    private static JobSettings settings(String stream, String prefix) {
        return JobSettings.fromArgs(new String[] {
            "--source.type", "kinesis",
            "--source.kinesis.stream-arn", "arn:aws:kinesis:us-east-1:000000000000:stream/" + stream,
            "--source.kinesis.endpoint", endpoint,
            "--source.kinesis.initial-position", "TRIM_HORIZON",
            "--window.size", "1 min", "--window.watermark-delay", "5 s", "--window.idle-timeout", "1 s",
            "--checkpoint.interval", "300 ms",
            "--opensearch.hosts", os.url, "--opensearch.raw-index", prefix + "-raw-{yyyy.MM.dd}",
            "--opensearch.rollup-index", prefix + "-rollups", "--opensearch.deadletter-index", prefix + "-dead",
            "--opensearch.bulk.interval", "200 ms", "--parallelism", "2"});
    }

    private static List<ObjectNode> events(long n, long seed) throws IOException {
        return KinesisPayloads.events(new GeneratorConfig().events(n).seed(seed).span(Duration.ofMinutes(40)));
    }

    private static void awaitOutput(String prefix, ExpectedOutput expected, long deadLetters) throws Exception {
        try {
            OpenSearchIt.await("every event, every rollup and the dead letters", Duration.ofSeconds(200),
                    () -> os.count(prefix + "-raw-*") == expected.events && os.count(prefix + "-dead") == deadLetters
                            && expected.rollups.equals(ExpectedOutput.written(os, prefix + "-rollups")));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": raw " + os.count(prefix + "-raw-*") + " of " + expected.events
                    + ", dead letters " + os.count(prefix + "-dead") + " of " + deadLetters + ", rollups "
                    + ExpectedOutput.diff(expected.rollups, ExpectedOutput.written(os, prefix + "-rollups")), e);
        }
    }

    @Test
    void everyShapeOnTwoShardsGivesExactRollupsThroughARestoreFromACheckpoint() throws Exception {
        String stream = "itk-shapes-" + RUN;
        KinesisStreams.createIfMissing(kinesis, stream, 2, null);
        List<ObjectNode> events = events(3_000, 41);
        ExpectedOutput expected = new ExpectedOutput(60_000);
        events.forEach(expected::add);

        List<byte[]> payloads = new ArrayList<>();
        payloads.add(KinesisPayloads.control());
        List<ObjectNode> envelope = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (i % 7 == 0) {
                payloads.add(KinesisPayloads.eventBridge(events.get(i)));
            } else if (i % 11 == 0) {
                payloads.add(KinesisPayloads.gzip(KinesisPayloads.eventBridge(events.get(i))));
            } else {
                envelope.add(events.get(i));
                if (envelope.size() == 25) {
                    payloads.add(KinesisPayloads.cloudWatchLogs(envelope, i * 100L));
                    envelope.clear();
                }
            }
        }
        payloads.add(KinesisPayloads.cloudWatchLogs(envelope, 1L));
        // Planted among the events: not JSON, a gzip cut short, an S3 notification, a log message that
        // is not JSON; and a second control message, which is not a dead letter.
        byte[] cut = KinesisPayloads.cloudWatchLogs(events.subList(0, 3), 5L);
        List<byte[]> bad = List.of("not json at all".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(cut, cut.length / 2),
                ("{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventTime\":"
                        + "\"2024-09-27T20:00:00.000Z\",\"eventName\":\"ObjectCreated:Put\"}]}").getBytes(StandardCharsets.UTF_8),
                KinesisPayloads.gzip(("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"111122223333\",\"logGroup\":\"g\","
                        + "\"logStream\":\"s\",\"subscriptionFilters\":[\"f\"],\"logEvents\":[{\"id\":\"1\",\"timestamp\":0,"
                        + "\"message\":\"START RequestId: 42\"}]}").getBytes(StandardCharsets.UTF_8)),
                KinesisPayloads.control());
        for (int i = 0; i < bad.size(); i++) {
            payloads.add(payloads.size() / (i + 2), bad.get(i));
        }
        int half = payloads.size() / 2;

        Path marker = dir.resolve("failed-once");
        JobSettings settings = settings(stream, "itk1");
        KinesisStreams.put(kinesis, stream, payloads.subList(0, half), null);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrailflowJob.prepare(env, settings, new FailOnce.Sinks(settings, marker.toString()));
        JobClient job = env.executeAsync(TrailflowJob.name(settings));
        try {
            // The rest arrives while the job runs, so records follow a completed checkpoint and the failure.
            OpenSearchIt.await("the first raw records", Duration.ofSeconds(120), () -> os.count("itk1-raw-*") > 0);
            KinesisStreams.put(kinesis, stream, payloads.subList(half, payloads.size()), null);
            awaitOutput("itk1", expected, 4);
            assertTrue(Files.exists(marker), "the failure was injected");
            Map<String, Long> reasons = new HashMap<>();
            for (JsonNode d : os.all("itk1-dead")) {
                reasons.merge(d.get("reason").get("code").asText(), 1L, Long::sum);
                assertTrue(d.get("source").get("uri").asText().startsWith("kinesis://" + stream + "/shardId-"), d.toString());
            }
            assertEquals(Map.of("json_syntax", 1L, "gzip_truncated", 1L, "not_cloudtrail", 1L, "cwl_bad_message", 1L),
                    reasons);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aShardThatReceivesNothingDoesNotHoldTheRollupsBack() throws Exception {
        String stream = "itk-silent-" + RUN;
        KinesisStreams.createIfMissing(kinesis, stream, 2, null);
        String busyShard = KinesisStreams.shardStartingHashKeys(kinesis, stream).get(0);
        List<ObjectNode> events = events(1_500, 43);
        ExpectedOutput expected = new ExpectedOutput(60_000);
        events.forEach(expected::add);
        List<byte[]> payloads = new ArrayList<>();
        payloads.add(KinesisPayloads.control());
        for (int i = 0; i < events.size(); i += 30) {
            payloads.add(KinesisPayloads.cloudWatchLogs(events.subList(i, Math.min(events.size(), i + 30)), i));
        }
        KinesisStreams.put(kinesis, stream, payloads, i -> busyShard);

        JobSettings settings = settings(stream, "itk2");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrailflowJob.prepare(env, settings, new TrailflowJob.OpenSearchOutputs(settings));
        JobClient job = env.executeAsync(TrailflowJob.name(settings));
        try {
            // The last windows close only if the silent shard stops counting and the quiet stream's time moves on.
            awaitOutput("itk2", expected, 0);
            assertEquals(1, counted(job.getJobID(), "skipped.control_message.count"), "the control message is counted");
        } finally {
            job.cancel().get();
        }
    }

    private static long counted(JobID job, String suffix) {
        return JobMetrics.counted(METRICS, job, suffix);
    }
}
