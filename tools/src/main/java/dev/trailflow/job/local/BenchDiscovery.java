package dev.trailflow.job.local;

import dev.trailflow.job.sources.CountingLister;
import dev.trailflow.job.sources.DiscoveryEnumerator;
import dev.trailflow.job.sources.DiscoveryState;
import dev.trailflow.job.sources.ManualEnumeratorContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.FileSourceSplitSerializer;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.connector.file.src.PendingSplitsCheckpointSerializer;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;

/**
 * The cost of following a CloudTrail bucket, per poll and in the checkpoint, as its history grows:
 * Flink's monitor (every folder listed, every path ever read kept) against the layout-aware discovery.
 * The bucket is made of empty files on the local disk; the listings counted are what S3 would answer
 * with LIST requests (one per folder, more for folders over 1,000 keys), whatever the store.
 */
public final class BenchDiscovery {

    private static final int ACCOUNTS = 10;
    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "ap-south-1"};
    private static final int FILES_A_DAY = 10;
    private static final LocalDate LAST = LocalDate.of(2024, 9, 30);

    private BenchDiscovery() {}

    public static void main(String[] args) throws Exception {
        java.nio.file.Path work = Files.createTempDirectory("trailflow-bench-discovery");
        PrintStream out = System.out;
        out.printf("%d accounts x %d regions, %d files a day each; one poll after the bucket's newest day%n%n",
                ACCOUNTS, REGIONS.length, FILES_A_DAY);
        out.printf("%-12s %-10s %14s %12s %16s%n", "history", "mode", "LIST requests", "ms per poll", "checkpoint bytes");
        try {
            for (int days : new int[] {25, 250}) {
                java.nio.file.Path bucket = work.resolve("h" + days);
                long files = make(bucket, days);
                Path logs = new Path(bucket.resolve("AWSLogs").toUri());
                String label = String.format("%,d files", files);
                monitor(label, logs, out);
                discovery(label, logs, out);
            }
        } finally {
            LocalRun.deleteTree(work);
        }
    }

    private static long make(java.nio.file.Path bucket, int days) throws IOException {
        long n = 0;
        for (int a = 0; a < ACCOUNTS; a++) {
            String account = String.format("%012d", 100000000000L + a);
            for (String region : REGIONS) {
                for (int d = 0; d < days; d++) {
                    LocalDate day = LAST.minusDays(d);
                    java.nio.file.Path folder = bucket.resolve("AWSLogs").resolve(account).resolve("CloudTrail")
                            .resolve(region).resolve(String.format("%04d/%02d/%02d", day.getYear(), day.getMonthValue(),
                                    day.getDayOfMonth()));
                    Files.createDirectories(folder);
                    for (int f = 0; f < FILES_A_DAY; f++) {
                        Files.createFile(folder.resolve(String.format("%s_CloudTrail_%s_%04d%02d%02dT%02d%02dZ_%d.json.gz",
                                account, region, day.getYear(), day.getMonthValue(), day.getDayOfMonth(), f * 2, 5, f)));
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** Flink's monitor: each poll walks every folder; the state holds every path it has read. */
    private static void monitor(String label, Path root, PrintStream out) throws IOException {
        CountingLister fs = new CountingLister();
        List<FileSourceSplit> found = new ArrayList<>();
        long started = System.nanoTime();
        walk(fs, root, found);
        double ms = (System.nanoTime() - started) / 1e6;
        Set<Path> read = new HashSet<>();
        for (FileSourceSplit s : found) {
            read.add(s.path());
        }
        byte[] state = new PendingSplitsCheckpointSerializer<>(FileSourceSplitSerializer.INSTANCE)
                .serialize(PendingSplitsCheckpoint.fromCollectionSnapshot(new ArrayList<>(), read));
        out.printf("%-12s %-10s %,14d %,12.0f %,16d%n", label, "monitor", fs.calls.get(), ms, state.length);
    }

    private static void walk(CountingLister fs, Path dir, List<FileSourceSplit> found) throws IOException {
        for (FileStatus s : fs.list(dir)) {
            if (s.isDir()) {
                walk(fs, s.getPath(), found);
            } else {
                found.add(new FileSourceSplit("x", s.getPath(), 0, s.getLen(), s.getModificationTime(), s.getLen()));
            }
        }
    }

    /** The layout-aware discovery after its first poll has found the history: the next poll's cost. */
    private static void discovery(String label, Path root, PrintStream out) throws Exception {
        CountingLister lister = new CountingLister();
        ManualEnumeratorContext context = new ManualEnumeratorContext(1);
        long now = LAST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 60_000;
        DiscoveryEnumerator e = new DiscoveryEnumerator(context, new DiscoveryEnumerator.Settings(
                new String[] {root.toString()}, Duration.ofMinutes(1), null, null, Duration.ofDays(2), false),
                null, lister, () -> now);
        e.start();
        context.poll();
        // What a running job holds: the files of the first poll are read (handed out) by now.
        context.readers.put(0, new ReaderInfo(0, "bench"));
        for (int i = 0; i < 100_000; i++) {
            e.handleSplitRequest(0, "bench");
        }
        long before = lister.calls.get();
        long started = System.nanoTime();
        context.poll();
        double ms = (System.nanoTime() - started) / 1e6;
        byte[] state = new DiscoveryState.Serializer().serialize(e.snapshotState(1));
        out.printf("%-12s %-10s %,14d %,12.0f %,16d%n", label, "discovery", lister.calls.get() - before, ms, state.length);
    }
}
