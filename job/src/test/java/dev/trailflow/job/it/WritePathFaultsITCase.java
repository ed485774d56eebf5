package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trailflow.generate.CloudTrailGenerator;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write path against a busy, then absent OpenSearch (SPEC §10): 5% of bulk requests answered
 * 429, 3% answered 503, 5% of the items of the rest rejected with 429, and an outage. The job runs
 * with restarts disabled, so a single task failure fails the test: it must ride through all of it
 * and end with every event once, exact rollups and exactly the planted dead letters.
 */
class WritePathFaultsITCase extends JobITBase {

    @TempDir
    Path dir;

    @BeforeAll
    static void clean() throws IOException {
        os.deleteIndices("itw-*");
        os.deleteIndices("itv-*");
    }

    /** An event whose raw document the day's index refuses (a field mapped as a number), with a 400. */
    private static final byte[] POISON = ("{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTime\":"
            + "\"2024-09-27T00:10:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\","
            + "\"eventID\":\"poison-1\",\"poison\":\"not a number\"}]}").getBytes(StandardCharsets.UTF_8);
    /** A cut upload: a json_syntax dead letter from the decoder. */
    private static final byte[] CUT = "{\"Records\":[{\"eventVersion\"".getBytes(StandardCharsets.UTF_8);

    @Test
    void aBackfillThroughFaultsAndAThirtySecondOutageEndsExactWithoutARestart() throws Exception {
        Path in = dir.resolve("in");
        ExpectedOutput expected = ExpectedOutput.generateFiles(new GeneratorConfig().events(50_000).seed(41)
                .lateFraction(0).span(Duration.ofHours(6)), in, 300_000);
        Files.write(in.resolve("AWSLogs/poison.json"), POISON);
        Files.write(in.resolve("AWSLogs/cut.json"), CUT);
        expected.addLogFile(POISON);
        try (FaultyOpenSearch faulty = new FaultyOpenSearch(URI.create(os.url).getPort(), 7, 0.05, 0.03, 0.05);
                TcpProxy line = new TcpProxy(faulty.port())) {
            JobSettings settings = JobSettings.fromArgs(new String[] {
                "--source.paths", in.toString(),
                "--opensearch.hosts", "http://127.0.0.1:" + line.port(), "--opensearch.raw-index", "itw-raw-{yyyy.MM.dd}",
                "--opensearch.rollup-index", "itw-rollups", "--opensearch.deadletter-index", "itw-dead",
                "--opensearch.bulk.max-actions", "500", "--opensearch.retry.max-backoff", "2 s", "--parallelism", "2"});
            plantMappingConflict(settings, "itw-raw-2024.09.27");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            TrailflowJob.prepare(env, settings, new TrailflowJob.OpenSearchOutputs(settings));
            withoutRestarts(env);
            long t0 = System.nanoTime();
            JobClient job = env.executeAsync(TrailflowJob.name(settings));
            try {
                OpenSearchIt.await("the first raw records", Duration.ofSeconds(120), () -> os.count("itw-raw-*") > 0);
                line.cut();
                long cutAt = System.nanoTime();
                assertTrue(os.count("itw-raw-*") < expected.events - 1, "the outage came before the end");
                OpenSearchIt.await("30 s of outage with the job trying to reach OpenSearch", Duration.ofSeconds(90),
                        () -> line.refused() >= 3 && System.nanoTime() - cutAt >= Duration.ofSeconds(30).toNanos());
                line.listen();
                job.getJobExecutionResult().get();
                System.out.printf("backfill of %,d events through the faults: %.1f s%n", expected.events,
                        (System.nanoTime() - t0) / 1e9);
            } finally {
                if (!job.getJobStatus().get().isGloballyTerminalState()) {
                    job.cancel().get();
                }
            }
            assertTrue(faulty.refused429.get() > 0 && faulty.refused503.get() > 0 && faulty.items429.get() > 0,
                    () -> "every kind of fault happened: " + faulty.refused429 + " whole 429, " + faulty.refused503
                            + " whole 503, " + faulty.items429 + " items 429 in " + faulty.bulks + " bulks");
        }
        assertEquals(expected.events - 1, os.count("itw-raw-*"), "every event once, but the refused one");
        Map<List<String>, Long> actual = ExpectedOutput.written(os, "itw-rollups");
        assertTrue(expected.rollups.equals(actual), () -> ExpectedOutput.diff(expected.rollups, actual));
        assertEquals(Map.of("json_syntax", 1L, "opensearch_rejected", 1L), os.reasons("itw-dead"),
                "exactly the planted dead letters, once each");
    }

    @Test
    void aStreamThroughFaultsAndATwoMinuteOutageKeepsUpAfterwardsWithoutARestart() throws Exception {
        long windowMillis = 10_000;
        ExpectedOutput expected = new ExpectedOutput(windowMillis);
        List<ContinuousFilesITCase.Delivery> deliveries = new ArrayList<>();
        new CloudTrailGenerator().generate(new GeneratorConfig().events(6_000).seed(43).span(Duration.ofMinutes(45))
                .lateFraction(0.1).gzip(false), (key, delivered, json) -> {
                    if (!key.contains("CloudTrail-Digest")) {
                        expected.addLogFile(json);
                        deliveries.add(new ContinuousFilesITCase.Delivery(key, delivered, json));
                    }
                });
        deliveries.sort(Comparator.comparing((ContinuousFilesITCase.Delivery d) -> d.delivered));
        Path in = dir.resolve("stream");
        Files.createDirectories(in);
        try (FaultyOpenSearch faulty = new FaultyOpenSearch(URI.create(os.url).getPort(), 11, 0.05, 0.03, 0.05);
                TcpProxy line = new TcpProxy(faulty.port())) {
            JobSettings settings = JobSettings.fromArgs(new String[] {
                "--source.paths", in.toString(), "--source.monitor-interval", "500 ms",
                "--source.start-time", "2024-09-26T00:00:00Z",
                "--window.size", "10 s", "--window.watermark-delay", "2 s", "--window.allowed-lateness", "30 min",
                "--window.idle-timeout", "2 s", "--checkpoint.interval", "2 s", "--checkpoint.timeout", "20 s",
                "--opensearch.hosts", "http://127.0.0.1:" + line.port(), "--opensearch.raw-index", "itv-raw-{yyyy.MM.dd}",
                "--opensearch.rollup-index", "itv-rollups", "--opensearch.deadletter-index", "itv-dead",
                "--opensearch.bulk.interval", "200 ms", "--opensearch.retry.max-backoff", "5 s",
                "--opensearch.refresh-interval", "1s", "--parallelism", "2"});
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            TrailflowJob.prepare(env, settings, new TrailflowJob.OpenSearchOutputs(settings));
            withoutRestarts(env);
            JobClient job = env.executeAsync(TrailflowJob.name(settings));
            try {
                int third = deliveries.size() / 3;
                long first = ContinuousFilesITCase.deliver(deliveries.subList(0, third), in);
                OpenSearchIt.await("the first third in the raw index", Duration.ofSeconds(120),
                        () -> os.count("itv-raw-*") == first);
                line.cut();
                long cutAt = System.nanoTime();
                long second = first + ContinuousFilesITCase.deliver(deliveries.subList(third, 2 * third), in);
                // Checkpoints time out (20 s) several times over while OpenSearch is away: tolerated.
                OpenSearchIt.await("2 min of outage with the job trying to reach OpenSearch", Duration.ofSeconds(180),
                        () -> line.refused() >= 3 && System.nanoTime() - cutAt >= Duration.ofMinutes(2).toNanos());
                assertEquals(first, os.count("itv-raw-*"), "nothing written while OpenSearch was away");
                line.listen();
                OpenSearchIt.await("what came during the outage", Duration.ofSeconds(120),
                        () -> os.count("itv-raw-*") == second);
                long all = second + ContinuousFilesITCase.deliver(deliveries.subList(2 * third, deliveries.size()), in);
                OpenSearchIt.await("the stream to keep up after the outage", Duration.ofSeconds(120),
                        () -> os.count("itv-raw-*") == all);
                OpenSearchIt.await("the rollups to equal the GROUP BY", Duration.ofSeconds(120),
                        () -> expected.rollups.equals(ExpectedOutput.written(os, "itv-rollups")));
                assertEquals(JobStatus.RUNNING, job.getJobStatus().get(), "no failure, no restart");
                assertEquals(expected.events, os.count("itv-raw-*"));
                assertEquals(0, os.count("itv-dead"));
                assertTrue(faulty.refused429.get() + faulty.refused503.get() + faulty.items429.get() > 0,
                        "faults happened besides the outage");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": raw " + os.count("itv-raw-*") + " of " + expected.events
                        + ", " + ExpectedOutput.diff(expected.rollups, ExpectedOutput.written(os, "itv-rollups")), e);
            } finally {
                job.cancel().get();
            }
        }
    }

    /** The day's raw index made as the job's template says, with one field typed apart. */
    private static void plantMappingConflict(JobSettings settings, String dayIndex) throws IOException {
        IndexTemplates.install(settings);
        os.call("PUT", "/" + dayIndex, "{\"mappings\":{\"properties\":{\"poison\":{\"type\":\"integer\"}}}}");
    }

    /** Any task failure now fails the job, and the test. */
    private static void withoutRestarts(StreamExecutionEnvironment env) {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        env.configure(c);
    }
}
