package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpointed backfill over a range, failed part-way: it comes back from its last checkpoint, lists
 * no day it had listed, reads again only what came after that checkpoint, and ends with every event
 * once and exact rollups.
 */
class CheckpointedBackfillITCase extends JobITBase {

    @TempDir
    Path dir;

    @Test
    void aBackfillFailedPartWayResumesFromItsLastCheckpointWithExactRollups() throws Exception {
        Path in = dir.resolve("trail");
        ExpectedOutput expected = ExpectedOutput.generateFiles(new GeneratorConfig().events(40_000).seed(41)
                .lateFraction(0).accounts(3).regions(2).span(Duration.ofHours(72)), in, 60_000);
        Path marker = dir.resolve("failed-once");
        os.deleteIndices("itk-*");
        // Read in delivery order, the generator's files hold events up to 15 minutes behind the newest
        // event already read (a 5-minute slice delivered 5 to 15 minutes after it): the default allowed
        // lateness exactly, so the test gives itself a margin, as SPEC's promise asks of the input.
        JobSettings settings = JobSettings.fromArgs(new String[] {
            "--source.paths", in.toString(), "--source.backfill-mode", "checkpointed",
            "--source.start-time", "2024-09-26T00:00:00Z", "--source.end-time", "2024-10-01T00:00:00Z",
            "--window.size", "1 min", "--window.watermark-delay", "10 s", "--window.idle-timeout", "10 s",
            "--window.allowed-lateness", "30 min", "--checkpoint.interval", "200 ms",
            "--opensearch.hosts", os.url, "--opensearch.raw-index", "itk-raw-{yyyy.MM.dd}",
            "--opensearch.rollup-index", "itk-rollups", "--opensearch.deadletter-index", "itk-dead",
            "--opensearch.bulk.interval", "200 ms", "--parallelism", "2"});
        assertTrue(settings.bounded() && !settings.batch());
        FailOnce.RECORDS.set(0);
        FailOnce.recordsAtFailure = -1;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrailflowJob.prepare(env, settings, new FailOnce.Sinks(settings, marker.toString(), true, 5_000));
        env.execute(TrailflowJob.name(settings)); // a bounded run: returns when the range is done

        assertTrue(Files.exists(marker) && FailOnce.recordsAtFailure > 0, "the failure came part-way through");
        long afterFailure = FailOnce.RECORDS.get() - FailOnce.recordsAtFailure;
        // The failure comes after a checkpoint that covered at least 5,000 events of each subtask, which
        // are not read again. The other subtask goes on for a moment until it is cancelled: half of
        // that margin is left for its tail. Started over, at least every event would be read again.
        assertTrue(afterFailure <= expected.events - 5_000, "started over: " + afterFailure
                + " events read after the failure, of " + expected.events);
        assertEquals(expected.events, os.count("itk-raw-*"), "every event once");
        java.util.Map<java.util.List<String>, Long> rollups = ExpectedOutput.written(os, "itk-rollups");
        assertTrue(expected.rollups.equals(rollups), () -> ExpectedOutput.diff(expected.rollups, rollups));
        assertEquals(0, os.count("itk-dead"));
    }
}
