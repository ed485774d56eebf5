package dev.trailflow.job.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layout-aware discovery on a bucket of many days × accounts × regions: the listings of a poll and the
 * files remembered do not grow with the history, a range lists only its days, new accounts and
 * regions are found, and the state comes back from a checkpoint.
 */
class DiscoveryTest {

    @TempDir
    java.nio.file.Path dir;

    private static final LocalDate LAST = LocalDate.of(2024, 9, 30);
    private static final String[] REGIONS = {"us-east-1", "eu-west-1", "ap-south-1"};

    /** A CloudTrail bucket with {@code days} days up to LAST, {@code accounts} accounts (one in an organization path), 2 files a day. */
    private java.nio.file.Path bucket(String name, int days, int accounts) throws IOException {
        java.nio.file.Path logs = dir.resolve(name).resolve("AWSLogs");
        for (int a = 0; a < accounts; a++) {
            String account = String.format("%012d", 111111111111L * (a + 1) % 1_000_000_000_000L);
            java.nio.file.Path base = a == 0 ? logs.resolve("o-aa11bb22cc").resolve(account) : logs.resolve(account);
            for (String region : REGIONS) {
                for (int d = 0; d < days; d++) {
                    put(base, account, region, LAST.minusDays(d), 2);
                }
            }
            Files.createDirectories(base.resolve("CloudTrail-Digest"));
            Files.write(base.resolve("CloudTrail-Digest/digest.json.gz"), new byte[] {1});
        }
        return logs;
    }

    private static void put(java.nio.file.Path account, String id, String region, LocalDate day, int files)
            throws IOException {
        java.nio.file.Path folder = account.resolve("CloudTrail").resolve(region)
                .resolve(String.format("%04d/%02d/%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth()));
        Files.createDirectories(folder);
        for (int f = 0; f < files; f++) {
            Files.write(folder.resolve(String.format("%s_CloudTrail_%s_%04d%02d%02dT%02d%02dZ_f%d.json.gz", id, region,
                    day.getYear(), day.getMonthValue(), day.getDayOfMonth(), f, 5, f)), new byte[] {'{', '}'});
        }
    }

    @Test
    void aWalkFromADayListsTheSameWhateverTheHistoryBeforeIt() throws IOException {
        CountingLister shortList = new CountingLister();
        CountingLister longList = new CountingLister();
        BucketLayout.Days lastTwo = new BucketLayout.Days(LAST.minusDays(1), LAST.plusDays(1));
        BucketLayout.Found a = new BucketLayout(shortList, FileSources::accept).walk(path(bucket("a", 30, 4)), lastTwo);
        BucketLayout.Found b = new BucketLayout(longList, FileSources::accept).walk(path(bucket("b", 60, 4)), lastTwo);
        assertEquals(4 * 3 * 2 * 2, a.files.size(), "the last two days of 4 accounts × 3 regions, 2 files each");
        assertEquals(a.files.size(), b.files.size());
        assertEquals(shortList.calls.get(), longList.calls.get(), "twice the history, the same listings");
        assertTrue(shortList.calls.get() < 90, "a handful of listings per account and region: " + shortList.calls);
        assertTrue(!a.generic);
    }

    @Test
    void insightsFoldersAreListedBesideTheTrailsAndDigestsNever() throws IOException {
        java.nio.file.Path logs = bucket("i", 3, 1);
        java.nio.file.Path account = logs.resolve("o-aa11bb22cc").resolve("111111111111");
        java.nio.file.Path day = account.resolve("CloudTrail-Insight/us-east-1/2024/09/30");
        Files.createDirectories(day);
        Files.write(day.resolve("111111111111_CloudTrail-Insight_us-east-1_20240930T0105Z_abc.json.gz"), new byte[] {'{', '}'});
        BucketLayout.Found f = new BucketLayout(new CountingLister(), FileSources::accept)
                .walk(path(logs), new BucketLayout.Days(LAST, LAST.plusDays(1)));
        Set<String> folders = f.files.stream().map(s -> s.getPath().toString().replaceAll(".*/(CloudTrail[^/]*)/.*", "$1"))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        assertEquals(Set.of("CloudTrail", "CloudTrail-Insight"), folders);
        assertEquals(1, f.files.stream().filter(s -> s.getPath().getName().contains("CloudTrail-Insight")).count());
    }

    @Test
    void aRangeListsAndYieldsOnlyItsDays() throws IOException {
        CountingLister lister = new CountingLister();
        java.nio.file.Path logs = bucket("r", 40, 2);
        BucketLayout.Found f = new BucketLayout(lister, FileSources::accept)
                .walk(path(logs), new BucketLayout.Days(LocalDate.of(2024, 9, 10), LocalDate.of(2024, 9, 12)));
        Set<String> days = f.files.stream().map(s -> s.getPath().getParent().toString().replaceAll(".*/(\\d{4}/\\d{2}/\\d{2})$", "$1"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("2024/09/10", "2024/09/11", "2024/09/12"), days);
        assertEquals(2 * 3 * 3 * 2, f.files.size());
        CountingLister whole = new CountingLister();
        new BucketLayout(whole, FileSources::accept).walk(path(logs), new BucketLayout.Days(LocalDate.of(2024, 1, 1),
                LocalDate.of(2024, 12, 31)));
        assertTrue(lister.calls.get() * 3 < whole.calls.get(), lister.calls + " listings for 3 days, " + whole.calls
                + " for all 40");
    }

    @Test
    void firehoseDeliveriesAreListedByTheirHourFolders() throws IOException {
        java.nio.file.Path root = dir.resolve("firehose/cloudtrail");
        for (int d = 1; d <= 20; d++) {
            for (int h = 0; h < 3; h++) {
                java.nio.file.Path hour = root.resolve(String.format("2024/09/%02d/%02d", d, h));
                Files.createDirectories(hour);
                Files.write(hour.resolve("stream-1-2024-09-" + d + "-" + h), new byte[] {1});
            }
        }
        BucketLayout.Found f = new BucketLayout(new CountingLister(), FileSources::accept)
                .walk(path(root), new BucketLayout.Days(LocalDate.of(2024, 9, 19), LocalDate.of(2024, 9, 21)));
        assertEquals(6, f.files.size(), "days 19 and 20, three hours each");
        assertTrue(!f.generic);
    }

    @Test
    void aFollowedBucketRemembersOnlyItsLookbackAndFindsNewAccountsRegionsAndLateFiles() throws Exception {
        java.nio.file.Path logs = bucket("f", 30, 3);
        ManualEnumeratorContext context = new ManualEnumeratorContext(2);
        long now = LAST.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
        DiscoveryEnumerator.Settings settings = new DiscoveryEnumerator.Settings(new String[] {path(logs).toString()},
                Duration.ofSeconds(1), Instant.parse("2024-09-01T00:00:00Z").toEpochMilli(), null, Duration.ofDays(2), false);
        CountingLister lister = new CountingLister();
        DiscoveryEnumerator e = new DiscoveryEnumerator(context, settings, null, lister, () -> now);
        e.start();
        context.poll();
        DiscoveryState first = e.snapshotState(1);
        assertEquals(30 * 3 * 3 * 2, first.pendingFiles(), "the first poll finds everything since the start time");
        assertTrue(first.seenFiles() <= 4 * 3 * 3 * 2, "only the lookback's files are remembered: " + first.seenFiles());

        long before = lister.calls.get();
        context.poll();
        long quiet = lister.calls.get() - before;
        assertEquals(first.pendingFiles(), e.snapshotState(2).pendingFiles(), "nothing found twice");

        // A late file in yesterday's folder, a new region and a new account.
        put(logs.resolve(String.format("%012d", 111111111111L * 2 % 1_000_000_000_000L)), "x", "us-east-1", LAST.minusDays(1), 1);
        put(logs.resolve(String.format("%012d", 111111111111L * 3 % 1_000_000_000_000L)), "y", "sa-east-1", LAST, 1);
        put(logs.resolve("999999999999"), "z", "us-west-2", LAST, 1);
        before = lister.calls.get();
        context.poll();
        assertEquals(first.pendingFiles() + 3, e.snapshotState(3).pendingFiles());
        long withNew = lister.calls.get() - before;
        assertTrue(withNew <= quiet + 12, "a new account and a new region add their own folders' listings, no more: "
                + quiet + " then " + withNew);

        // Restored from a checkpoint, it goes on from there: nothing again, and the state as it was.
        DiscoveryState.Serializer ser = new DiscoveryState.Serializer();
        DiscoveryState restored = ser.deserialize(ser.getVersion(), ser.serialize(e.snapshotState(4)));
        ManualEnumeratorContext again = new ManualEnumeratorContext(2);
        DiscoveryEnumerator r = new DiscoveryEnumerator(again, settings, restored, lister, () -> now);
        r.start();
        again.poll();
        assertEquals(first.pendingFiles() + 3, r.snapshotState(5).pendingFiles());
        assertEquals(e.snapshotState(4).seenFiles(), r.snapshotState(5).seenFiles());

        // Handed out oldest delivery first.
        again.readers.put(0, new ReaderInfo(0, "h"));
        r.handleSplitRequest(0, "h");
        assertTrue(again.assigned.get(0).get(0).path().toString().contains(LAST.minusDays(29).toString().replace("-", "/")));
    }

    @Test
    void aBoundedRangeListsOnceAndThenSaysThereIsNoMore() throws Exception {
        java.nio.file.Path logs = bucket("b", 10, 2);
        ManualEnumeratorContext context = new ManualEnumeratorContext(2);
        context.readers.put(0, new ReaderInfo(0, "h"));
        DiscoveryEnumerator.Settings settings = new DiscoveryEnumerator.Settings(new String[] {path(logs).toString()}, null,
                Instant.parse("2024-09-29T00:00:00Z").toEpochMilli(), Instant.parse("2024-09-30T00:00:00Z").toEpochMilli(),
                Duration.ofDays(2), false);
        DiscoveryEnumerator e = new DiscoveryEnumerator(context, settings, null, new CountingLister(), System::currentTimeMillis);
        e.start();
        context.poll();
        for (int i = 0; i < 2 * 3 * 2 + 1; i++) {
            e.handleSplitRequest(0, "h");
        }
        assertEquals(2 * 3 * 2, context.assigned.get(0).size(), "the files delivered on 2024-09-29 only");
        assertTrue(context.assigned.get(0).stream().allMatch(s -> s.path().toString().contains("/2024/09/29/")));
        assertEquals(1, context.noMore.get());
    }

    @Test
    void aBackfillByDayListsOneDayAtATimeAndResumesAfterTheLastDayListed() throws Exception {
        java.nio.file.Path logs = bucket("d", 10, 3); // 18 files a day: more than the 16 that start a listing
        DiscoveryEnumerator.Settings settings = new DiscoveryEnumerator.Settings(new String[] {path(logs).toString()}, null,
                Instant.parse("2024-09-25T00:00:00Z").toEpochMilli(), Instant.parse("2024-09-30T00:00:00Z").toEpochMilli(),
                Duration.ofDays(2), true);
        ManualEnumeratorContext context = new ManualEnumeratorContext(2);
        context.readers.put(0, new ReaderInfo(0, "h"));
        CountingLister lister = new CountingLister();
        DiscoveryEnumerator e = new DiscoveryEnumerator(context, settings, null, lister, System::currentTimeMillis);
        e.start();
        context.poll(); // 2024/09/24: its files were all delivered before the start
        context.poll(); // 2024/09/25
        assertTrue(!context.hasCall(), "a day's files in hand: the next day waits");
        assertEquals(18, e.snapshotState(1).pendingFiles());
        assertTrue(dayFolders(lister).equals(Set.of("2024/09/24", "2024/09/25")), () -> dayFolders(lister).toString());

        for (int i = 0; i < 3; i++) {
            e.handleSplitRequest(0, "h");
        }
        assertTrue(context.hasCall(), "below the low-water mark the next day is listed");
        DiscoveryState.Serializer ser = new DiscoveryState.Serializer();
        DiscoveryState checkpoint = ser.deserialize(ser.getVersion(), ser.serialize(e.snapshotState(2)));
        List<FileSourceSplit> handedOut = new ArrayList<>(context.assigned.get(0));

        // The job fails here; its readers come back with their 3 files, the enumerator with this state.
        ManualEnumeratorContext again = new ManualEnumeratorContext(2);
        again.readers.put(0, new ReaderInfo(0, "h"));
        CountingLister after = new CountingLister();
        DiscoveryEnumerator r = new DiscoveryEnumerator(again, settings, checkpoint, after, System::currentTimeMillis);
        r.start();
        int maxPending = 0;
        while (again.noMore.get() == 0) {
            if (again.hasCall()) {
                again.poll();
            }
            r.handleSplitRequest(0, "h");
            maxPending = Math.max(maxPending, r.snapshotState(3).pendingFiles());
        }
        assertTrue(dayFolders(after).equals(Set.of("2024/09/26", "2024/09/27", "2024/09/28", "2024/09/29", "2024/09/30")),
                () -> "the days listed before the failure are not listed again: " + dayFolders(after));
        assertTrue(maxPending <= 16 + 18, "about a day of files in the state: " + maxPending);
        handedOut.addAll(again.assigned.get(0));
        Set<String> paths = handedOut.stream().map(s -> s.path().toString()).collect(Collectors.toSet());
        assertEquals(handedOut.size(), paths.size(), "no file handed out twice");
        assertEquals(5 * 18, paths.size(), "every file delivered from 09-25 to 09-29");
        assertTrue(paths.stream().noneMatch(p -> p.contains("/2024/09/24/") || p.contains("/2024/09/30/")));
    }

    private static Set<String> dayFolders(CountingLister lister) {
        java.util.regex.Pattern day = java.util.regex.Pattern.compile("(\\d{4}/\\d{2}/\\d{2})/?$");
        return lister.dirs.stream().map(day::matcher).filter(java.util.regex.Matcher::find).map(m -> m.group(1))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Path path(java.nio.file.Path p) {
        return new Path(p.toUri());
    }
}
