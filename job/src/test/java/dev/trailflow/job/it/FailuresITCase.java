package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.sinks.IndexTemplates;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job survives what production throws at it: a task failure mid-run (restore from a checkpoint),
 * OpenSearch going away for a while, and a document OpenSearch refuses. Afterwards: every event once,
 * exact rollups, and the refused document in the dead-letter index.
 */
class FailuresITCase extends JobITBase {

    @TempDir
    Path dir;

    @BeforeAll
    static void clean() throws IOException {
        os.deleteIndices("itf-*");
        os.deleteIndices("ito-*");
    }

    private ExpectedOutput generate(long events, long seed, Path out) throws IOException {
        return ExpectedOutput.generateFiles(new GeneratorConfig().events(events).seed(seed).lateFraction(0)
                .span(Duration.ofHours(2)), out, 300_000);
    }

    @Test
    void aTaskFailureMidRunRestoresFromACheckpointWithoutDuplicatesOrGaps() throws Exception {
        Path in = dir.resolve("in");
        ExpectedOutput expected = generate(6_000, 31, in);
        Files.write(in.resolve("AWSLogs/cut.json"), "{\"Records\":[{\"eventVersion\"".getBytes(StandardCharsets.UTF_8));
        Path marker = dir.resolve("failed-once");
        JobSettings settings = JobSettings.fromArgs(new String[] {
            "--source.paths", in.toString(), "--source.monitor-interval", "500 ms",
            "--window.watermark-delay", "1 min", "--window.idle-timeout", "1 s", "--checkpoint.interval", "300 ms",
            "--opensearch.hosts", os.url, "--opensearch.raw-index", "itf-raw-{yyyy.MM.dd}",
            "--opensearch.rollup-index", "itf-rollups", "--opensearch.deadletter-index", "itf-dead",
            "--opensearch.bulk.interval", "200 ms", "--parallelism", "2"});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrailflowJob.prepare(env, settings, new FailOnce.Sinks(settings, marker.toString()));
        JobClient job = env.executeAsync(TrailflowJob.name(settings));
        try {
            try {
                OpenSearchIt.await("every event and every rollup after the restore", Duration.ofSeconds(240),
                        () -> os.count("itf-raw-*") == expected.events
                                && expected.rollups.equals(ExpectedOutput.written(os, "itf-rollups")));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": raw " + os.count("itf-raw-*") + " of " + expected.events
                        + ", rollups " + ExpectedOutput.diff(expected.rollups, ExpectedOutput.written(os, "itf-rollups")), e);
            }
            assertTrue(Files.exists(marker), "the failure was injected");
            assertEquals(expected.events, os.count("itf-raw-*"));
            assertEquals(1, os.count("itf-dead"), "the planted dead letter once, not once per attempt");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void openSearchGoneForAWhileAndARefusedDocumentLoseNothing() throws Exception {
        Path in = dir.resolve("in");
        ExpectedOutput expected = generate(8_000, 37, in);
        // A field the index maps as a number: OpenSearch refuses this one event with a 400.
        byte[] poison = ("{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTime\":"
                + "\"2024-09-27T00:10:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\","
                + "\"eventID\":\"poison-1\",\"poison\":\"not a number\"}]}").getBytes(StandardCharsets.UTF_8);
        Files.write(in.resolve("AWSLogs/poison.json"), poison);
        // A valid event: it is counted in its rollup; only its raw document is refused.
        expected.addLogFile(poison);
        URI target = URI.create(os.url);
        try (TcpProxy proxy = new TcpProxy(target.getPort())) {
            JobSettings settings = JobSettings.fromArgs(new String[] {
                "--source.paths", in.toString(),
                "--opensearch.hosts", "http://127.0.0.1:" + proxy.port(), "--opensearch.raw-index", "ito-raw-{yyyy.MM.dd}",
                "--opensearch.rollup-index", "ito-rollups", "--opensearch.deadletter-index", "ito-dead",
                "--opensearch.bulk.max-actions", "200", "--parallelism", "2"});
            // The day's index made before the job starts, as the job's template says, plus one field typed apart.
            IndexTemplates.install(settings);
            os.call("PUT", "/ito-raw-2024.09.27", "{\"mappings\":{\"properties\":{\"poison\":{\"type\":\"integer\"}}}}");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            TrailflowJob.prepare(env, settings, new TrailflowJob.OpenSearchOutputs(settings));
            JobClient job = env.executeAsync(TrailflowJob.name(settings));
            try {
                OpenSearchIt.await("the first raw records", Duration.ofSeconds(120), () -> os.count("ito-raw-*") > 0);
                proxy.cut();
                // The outage lasts until the job has failed, backed off and come back to try again.
                OpenSearchIt.await("the job to retry during the outage", Duration.ofSeconds(120), () -> proxy.refused() >= 3);
                assertTrue(os.count("ito-raw-*") < expected.events, "the outage came before the end");
                proxy.listen();
                job.getJobExecutionResult().get();
            } finally {
                if (!job.getJobStatus().get().isGloballyTerminalState()) {
                    job.cancel().get();
                }
            }
        }
        assertEquals(expected.events - 1, os.count("ito-raw-*"), "all but the refused one");
        Map<List<String>, Long> actual = ExpectedOutput.written(os, "ito-rollups");
        assertTrue(expected.rollups.equals(actual), () -> ExpectedOutput.diff(expected.rollups, actual));
        List<JsonNode> dead = os.all("ito-dead");
        assertEquals(1, dead.size());
        assertEquals("opensearch_rejected", dead.get(0).get("reason").get("code").asText());
        assertTrue(dead.get(0).get("payload").asText().contains("poison-1"));
        assertTrue(dead.get(0).get("reason").get("message").asText().contains("400"));
    }
}
