package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailflow.generate.CloudTrailGenerator;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streaming run that follows a folder: CloudTrail files arrive in three rounds in delivery order,
 * some delivered late (within the allowed lateness). The final rollups equal the GROUP BY over all
 * events, and the last windows close although nothing arrives after the last round.
 */
class ContinuousFilesITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static OpenSearchIt os;

    @TempDir
    Path dir;

    @BeforeAll
    static void servers() throws IOException {
        os = OpenSearchIt.connect();
        os.deleteIndices("itc-*");
    }

    @AfterAll
    static void close() throws IOException {
        if (os != null) {
            os.close();
        }
    }

    /** One generated file, with the time CloudTrail delivered it. */
    static final class Delivery {
        final String key;
        final Instant delivered;
        final byte[] json;

        Delivery(String key, Instant delivered, byte[] json) {
            this.key = key;
            this.delivered = delivered;
            this.json = json;
        }
    }

    @Test
    void filesArrivingOverTimeGiveExactRollupsAndTheLastWindowsClose() throws Exception {
        long windowMillis = 10_000;
        ExpectedOutput expected = new ExpectedOutput(windowMillis);
        List<Delivery> deliveries = new ArrayList<>();
        new CloudTrailGenerator().generate(new GeneratorConfig().events(4_000).seed(23).span(Duration.ofMinutes(45))
                .lateFraction(0.1).gzip(false), (key, delivered, json) -> {
                    if (!key.contains("CloudTrail-Digest")) {
                        expected.addLogFile(json);
                        deliveries.add(new Delivery(key, delivered, json));
                    }
                });
        deliveries.sort(Comparator.comparing((Delivery d) -> d.delivered));

        JobSettings settings = JobSettings.fromArgs(new String[] {
            "--source.paths", dir.toString(),
            "--source.monitor-interval", "500 ms",
            "--window.size", "10 s",
            "--window.watermark-delay", "2 s",
            "--window.allowed-lateness", "30 min",
            "--window.idle-timeout", "2 s",
            "--checkpoint.interval", "2 s",
            "--opensearch.hosts", os.url,
            "--opensearch.raw-index", "itc-raw-{yyyy.MM.dd}",
            "--opensearch.rollup-index", "itc-rollups",
            "--opensearch.deadletter-index", "itc-dead",
            "--opensearch.bulk.interval", "200 ms",
            "--parallelism", "2"});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrailflowJob.prepare(env, settings, new TrailflowJob.OpenSearchOutputs(settings));
        JobClient job = env.executeAsync(TrailflowJob.name(settings));
        try {
            long written = 0;
            int rounds = 3;
            for (int round = 0; round < rounds; round++) {
                int from = deliveries.size() * round / rounds;
                int to = deliveries.size() * (round + 1) / rounds;
                for (Delivery d : deliveries.subList(from, to)) {
                    Path file = dir.resolve(d.key);
                    Files.createDirectories(file.getParent());
                    // Written aside and moved in, as an upload appears whole.
                    Path part = file.resolveSibling("." + file.getFileName());
                    Files.write(part, d.json);
                    Files.move(part, file);
                    written += new ExpectedOutput(windowMillis).countIn(d.json);
                }
                long target = written;
                OpenSearchIt.await("round " + round + " in the raw index", Duration.ofSeconds(120),
                        () -> os.count("itc-raw-*") == target);
            }
            Map<List<String>, Long> actual = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
            OpenSearchIt.await("the rollups to equal the GROUP BY", Duration.ofSeconds(120), () -> {
                actual.clear();
                for (JsonNode doc : os.all("itc-rollups")) {
                    actual.put(ExpectedOutput.keyOf(doc), doc.get("aws.cloudtrail.event_count").asLong());
                }
                return expected.rollups.equals(actual);
            });
            assertTrue(expected.rollups.equals(actual), () -> ExpectedOutput.diff(expected.rollups, actual));
        } catch (AssertionError e) {
            Map<List<String>, Long> actual = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
            for (JsonNode doc : os.all("itc-rollups")) {
                actual.put(ExpectedOutput.keyOf(doc), doc.get("aws.cloudtrail.event_count").asLong());
            }
            throw new AssertionError(e.getMessage() + ": " + ExpectedOutput.diff(expected.rollups, actual), e);
        } finally {
            job.cancel().get();
        }
    }
}
