package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.sources.DeliveryOrderAssigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task failure mid-run, after a checkpoint has completed: the job restores from it and ends with
 * every event once and exact rollups. (OpenSearch's own faults: {@link WritePathFaultsITCase}.)
 */
class FailuresITCase extends JobITBase {

    @TempDir
    Path dir;

    @BeforeAll
    static void clean() throws IOException {
        os.deleteIndices("itf-*");
    }

    private ExpectedOutput generate(long events, long seed, Path out) throws IOException {
        return ExpectedOutput.generateFiles(new GeneratorConfig().events(events).seed(seed).lateFraction(0)
                .span(Duration.ofHours(2)), out, 60_000);
    }

    @Test
    void aTaskFailureMidRunRestoresFromACheckpointWithoutDuplicatesOrGaps() throws Exception {
        Path staged = dir.resolve("staged");
        ExpectedOutput expected = generate(6_000, 31, staged);
        Files.write(staged.resolve("AWSLogs/cut.json"), "{\"Records\":[{\"eventVersion\"".getBytes(StandardCharsets.UTF_8));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(staged)) {
            // In delivery order, as the stream would see them: the second half is not late.
            files = walk.filter(Files::isRegularFile)
                    .sorted(Comparator.comparingLong((Path f) -> DeliveryOrderAssigner.stampMillis(f.getFileName().toString()))
                            .thenComparing(Path::toString))
                    .collect(Collectors.toList());
        }
        Path in = dir.resolve("in");
        moveIn(files.subList(0, files.size() / 2), staged, in);
        Path marker = dir.resolve("failed-once");
        JobSettings settings = JobSettings.fromArgs(new String[] {
            "--source.paths", in.toString(), "--source.monitor-interval", "500 ms",
            "--source.start-time", "2024-09-26T00:00:00Z",
            // An idle timeout longer than the restore's pause: a 1 s one let the idle advance jump ahead of
            // files still to be read while the job came back, and their events fell beyond the lateness.
            "--window.size", "1 min", "--window.watermark-delay", "10 s", "--window.idle-timeout", "10 s",
            "--checkpoint.interval", "300 ms",
            "--opensearch.hosts", os.url, "--opensearch.raw-index", "itf-raw-{yyyy.MM.dd}",
            "--opensearch.rollup-index", "itf-rollups", "--opensearch.deadletter-index", "itf-dead",
            "--opensearch.bulk.interval", "200 ms", "--parallelism", "2"});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrailflowJob.prepare(env, settings, new FailOnce.Sinks(settings, marker.toString(), true, 0));
        JobClient job = env.executeAsync(TrailflowJob.name(settings));
        try {
            // The second half only once a checkpoint has completed, so the failure comes after one.
            OpenSearchIt.await("a completed checkpoint", Duration.ofSeconds(120), () -> FailOnce.checkpointsDone(marker) > 0);
            moveIn(files.subList(files.size() / 2, files.size()), staged, in);
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

    /** Files appear whole, as uploads do. */
    private static void moveIn(List<Path> files, Path from, Path to) throws IOException {
        for (Path f : files) {
            Path target = to.resolve(from.relativize(f).toString());
            Files.createDirectories(target.getParent());
            Files.move(f, target);
        }
    }
}
