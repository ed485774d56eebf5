package dev.trailflow.job.it;


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
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streaming run that follows a folder: CloudTrail files arrive in three rounds in delivery order,
 * some delivered late (within the allowed lateness). The final rollups equal the GROUP BY over all
 * events, and the last windows close although nothing arrives after the last round.
 */
class ContinuousFilesITCase extends JobITBase {

    @TempDir
    Path dir;

    @BeforeAll
    static void clean() throws IOException {
        os.deleteIndices("itc-*");
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

    /** Files written aside and moved in, as uploads appear whole; returns how many events they hold. */
    static long deliver(List<Delivery> files, Path dir) throws IOException {
        long events = 0;
        for (Delivery d : files) {
            Path file = dir.resolve(d.key);
            Files.createDirectories(file.getParent());
            Path part = file.resolveSibling("." + file.getFileName());
            Files.write(part, d.json);
            Files.move(part, file);
            events += new ExpectedOutput(1).countIn(d.json);
        }
        return events;
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
            // The generator's days are in the past: following starts there, not a lookback before now.
            "--source.start-time", "2024-09-26T00:00:00Z",
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
                written += deliver(deliveries.subList(from, to), dir);
                long target = written;
                OpenSearchIt.await("round " + round + " in the raw index", Duration.ofSeconds(120),
                        () -> os.count("itc-raw-*") == target);
            }
            OpenSearchIt.await("the rollups to equal the GROUP BY", Duration.ofSeconds(120),
                    () -> expected.rollups.equals(ExpectedOutput.written(os, "itc-rollups")));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": "
                    + ExpectedOutput.diff(expected.rollups, ExpectedOutput.written(os, "itc-rollups")), e);
        } finally {
            job.cancel().get();
        }
    }
}
