package dev.trailflow.job.sources;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds CloudTrail files poll after poll at a cost that does not grow with the bucket's history, and
 * hands them to the readers in delivery order (SPEC §10). Each poll lists, through {@link BucketLayout},
 * only the dated folders from {@code lookback} before the newest one a file was found in (at first:
 * from {@code source.start-time}, or from {@code lookback} before now); it remembers the files found in
 * the folders it will list again, and forgets them once their folder falls behind. A bounded run over
 * a range lists it once and is done; a checkpointed backfill ({@code byDay}) lists it one day at a
 * time, the next when few files of the last are left, so that its state holds about a day of files
 * and says which days are done.
 */
public final class DiscoveryEnumerator implements SplitEnumerator<FileSourceSplit, DiscoveryState> {

    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryEnumerator.class);
    private static final Pattern DATED = Pattern.compile("/(\\d{4})/(\\d{2})/(\\d{2})/");

    /** What a run is asked to follow. */
    public static final class Settings implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final String[] roots;
        /** Null: one listing, then done. */
        final Duration interval;
        /** Epoch millis; null when unbounded on that side. */
        final Long start;
        final Long end;
        final Duration lookback;
        /** A bounded run listed day by day (needs a start). */
        final boolean byDay;

        public Settings(String[] roots, Duration interval, Long start, Long end, Duration lookback, boolean byDay) {
            if (byDay && (interval != null || start == null)) {
                throw new IllegalArgumentException("a run listed day by day is bounded and has a start");
            }
            this.roots = roots;
            this.interval = interval;
            this.start = start;
            this.end = end;
            this.lookback = lookback;
            this.byDay = byDay;
        }
    }

    private final SplitEnumeratorContext<FileSourceSplit> context;
    private final Settings settings;
    private final BucketLayout layout;
    private final LongSupplier clock;
    private final DeliveryOrderAssigner assigner = new DeliveryOrderAssigner(Collections.emptyList());
    private final Map<String, Long> seen;
    private long newestDay;
    /** By day: the last day whose folders have been listed, or {@link DiscoveryState#NO_DAY}. */
    private long listedThrough;
    /** The days of the listing in flight, null when none is (coordinator thread). */
    private BucketLayout.Days listing;
    /** Split requests not yet served, one entry per request: a bounded run's readers ask for several. */
    private final java.util.Deque<Integer> awaiting = new java.util.ArrayDeque<>();
    private final String idPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
    private long nextId;
    private volatile boolean listedOnce;
    private boolean genericWarned;
    private final AtomicLong lists = new AtomicLong();
    private final Counter discovered;
    private final Counter handedOut;
    private long firstHandedOutAt = -1;
    private long lastProgressAt;
    private long daysListed;
    private volatile int pendingNow;
    private volatile long oldestPendingMillis = Long.MAX_VALUE;
    private volatile int seenNow;
    /** Fixed on the coordinator thread after each poll, read by the next one on a worker thread. */
    private volatile BucketLayout.Days daysForNextPoll;

    public DiscoveryEnumerator(SplitEnumeratorContext<FileSourceSplit> context, Settings settings, DiscoveryState restored,
            BucketLayout.Lister lister, LongSupplier clock) {
        this.context = context;
        this.settings = settings;
        this.clock = clock;
        this.layout = new BucketLayout(dir -> {
            lists.incrementAndGet();
            return lister.list(dir);
        }, FileSources::accept);
        this.seen = restored == null ? new HashMap<>() : new HashMap<>(restored.seen);
        this.newestDay = restored == null ? DiscoveryState.NO_DAY : restored.newestDay;
        this.listedThrough = restored == null ? DiscoveryState.NO_DAY : restored.listedThrough;
        if (restored != null) {
            assigner.addSplits(restored.pending);
            listedOnce = settings.interval == null
                    && (settings.byDay ? listedThrough : restored.newestDay) != DiscoveryState.NO_DAY;
        }
        MetricGroup m = context.metricGroup().addGroup("trailflow").addGroup("discovery");
        discovered = m.counter("filesDiscovered");
        handedOut = m.counter("filesAssigned");
        m.gauge("listRequests", (Gauge<Long>) lists::get);
        m.gauge("filesPending", (Gauge<Integer>) () -> pendingNow);
        m.gauge("filesRemembered", (Gauge<Integer>) () -> seenNow);
        m.gauge("oldestPendingAgeSeconds", (Gauge<Long>) () -> oldestPendingMillis == Long.MAX_VALUE ? 0
                : Math.max(0, (clock.getAsLong() - oldestPendingMillis) / 1000));
        updateGauges();
        daysForNextPoll = days();
    }

    @Override
    public void start() {
        if (settings.byDay) {
            listNextDay();
        } else if (settings.interval == null) {
            if (!listedOnce) {
                context.callAsync(this::list, this::found);
            }
        } else {
            context.callAsync(this::list, this::found, 0, settings.interval.toMillis());
        }
    }

    /** The days a poll lists, from the state as it stands (read on the coordinator thread). */
    BucketLayout.Days days() {
        long now = clock.getAsLong();
        if (settings.byDay) {
            LocalDate next = listedThrough == DiscoveryState.NO_DAY ? firstDayOf(settings.start)
                    : LocalDate.ofEpochDay(listedThrough + 1);
            return new BucketLayout.Days(next, next);
        }
        LocalDate from;
        if (newestDay != DiscoveryState.NO_DAY) {
            from = LocalDate.ofEpochDay(newestDay).minusDays(Math.max(1, settings.lookback.toDays()));
        } else if (settings.start != null) {
            from = firstDayOf(settings.start);
        } else if (settings.interval == null) {
            // A bounded run with only an end: from the first day there is.
            from = LocalDate.of(1970, 1, 1);
        } else {
            from = BucketLayout.day(now - settings.lookback.toMillis());
        }
        if (settings.start != null && from.isBefore(firstDayOf(settings.start))) {
            from = firstDayOf(settings.start);
        }
        LocalDate to = lastDay();
        return new BucketLayout.Days(from, to.isBefore(from) ? from : to);
    }

    private LocalDate lastDay() {
        // A file is filed by its own UTC day, which may be ahead of this clock by a little.
        return settings.end != null ? BucketLayout.day(settings.end) : BucketLayout.day(clock.getAsLong()).plusDays(1);
    }

    /** Files pending below which a backfill by day lists its next day: the readers never wait for it. */
    private int lowWater() {
        return Math.max(16, 8 * context.currentParallelism());
    }

    /** By day: lists the next day when none is being listed, few files are left, and days remain. */
    private void listNextDay() {
        if (listing != null || assigner.size() >= lowWater()) {
            return;
        }
        if (allDaysListed()) {
            return;
        }
        listing = daysForNextPoll;
        context.callAsync(this::list, this::found);
    }

    /** No file will be found any more: every reader that asks is told so. */
    private boolean exhausted() {
        if (settings.interval != null || !listedOnce) {
            return false;
        }
        return !settings.byDay || (listing == null && allDaysListed());
    }

    private boolean allDaysListed() {
        return listedThrough != DiscoveryState.NO_DAY && listedThrough >= lastDay().toEpochDay();
    }

    /**
     * The first dated folder that can hold a file delivered at {@code start}: the day before its own,
     * for a file delivered just after midnight into the folder of the day it covers. The file's own
     * stamp then decides.
     */
    private static LocalDate firstDayOf(long start) {
        return BucketLayout.day(start).minusDays(1);
    }

    /** On a worker thread: one walk of every root. */
    private List<FileStatus> list() throws IOException {
        // The days are fixed when the call is made; a file found twice is caught by {@code seen}.
        BucketLayout.Days days = daysForNextPoll;
        if (settings.byDay) {
            LOG.info("listing the folders of {}", days.from);
        }
        List<FileStatus> files = new ArrayList<>();
        for (String root : settings.roots) {
            Path r = new Path(root);
            if (!listedOnce && !r.getFileSystem().exists(r)) {
                // A typo in source.paths must not become a job that runs and reads nothing.
                throw new java.io.FileNotFoundException(root + " does not exist");
            }
            BucketLayout.Found f = layout.walk(r, days);
            files.addAll(f.files);
            if (f.generic && !genericWarned) {
                genericWarned = true;
                BucketLayout.warnGeneric(new Path(root));
            }
        }
        return files;
    }

    /** On the coordinator thread: the new files of a walk. */
    private void found(List<FileStatus> files, Throwable error) {
        BucketLayout.Days listed = listing;
        listing = null;
        if (error != null) {
            if (settings.interval == null || !listedOnce) {
                // A source that cannot list its input at all must fail, not run with nothing read.
                throw new IllegalStateException("could not list " + String.join(", ", settings.roots), error);
            }
            LOG.warn("listing {} failed; trying again at the next poll", String.join(", ", settings.roots), error);
            daysForNextPoll = days();
            return;
        }
        int added = 0;
        for (FileStatus f : files) {
            String path = f.getPath().toString();
            if (seen.containsKey(path)) {
                continue;
            }
            long delivered = deliveredAt(f);
            if ((settings.start != null && delivered < settings.start) || (settings.end != null && delivered >= settings.end)) {
                continue;
            }
            long day = folderDay(path);
            seen.put(path, day);
            if (day != DiscoveryState.NO_DAY && (newestDay == DiscoveryState.NO_DAY || day > newestDay)) {
                newestDay = day;
            }
            assigner.addSplits(List.of(new FileSourceSplit(idPrefix + nextId++, f.getPath(), 0, f.getLen(),
                    f.getModificationTime(), f.getLen())));
            added++;
        }
        if (settings.byDay) {
            listedThrough = listed.to.toEpochDay();
            daysListed++;
        }
        BucketLayout.Days next = days();
        forgetBehind(next);
        discovered.inc(added);
        listedOnce = true;
        daysForNextPoll = next;
        if (added > 0) {
            LOG.info("{} new files found ({} pending, {} remembered, {} listings so far)", added,
                    assigner.size(), seen.size(), lists.get());
        }
        updateGauges();
        assignPending();
    }

    /** Files of folders that no poll lists any more are forgotten: state bounded by the lookback. */
    private void forgetBehind(BucketLayout.Days next) {
        if (newestDay == DiscoveryState.NO_DAY && listedThrough == DiscoveryState.NO_DAY) {
            return;
        }
        long firstListed = next.from.toEpochDay();
        seen.values().removeIf(day -> day != DiscoveryState.NO_DAY && day < firstListed - 1);
    }

    static long deliveredAt(FileStatus f) {
        return DeliveryOrderAssigner.delivery(f.getPath().getName(), f.getModificationTime());
    }

    /** The epoch day of the {@code /YYYY/MM/DD/} folder a file is in, or {@link DiscoveryState#NO_DAY}. */
    static long folderDay(String path) {
        Matcher m = DATED.matcher(path);
        long day = DiscoveryState.NO_DAY;
        while (m.find()) {
            try {
                day = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))).toEpochDay();
            } catch (java.time.DateTimeException notADate) {
                // a folder of digits that is not a date
            }
        }
        return day;
    }

    @Override
    public void handleSplitRequest(int subtask, String hostname) {
        awaiting.add(subtask);
        assignPending();
    }

    private void assignPending() {
        for (java.util.Iterator<Integer> it = awaiting.iterator(); it.hasNext(); ) {
            int subtask = it.next();
            if (!context.registeredReaders().containsKey(subtask)) {
                it.remove();
                continue;
            }
            Optional<FileSourceSplit> next = assigner.getNext(null);
            if (next.isPresent()) {
                context.assignSplit(next.get(), subtask);
                handedOut.inc();
                it.remove();
            } else if (exhausted()) {
                context.signalNoMoreSplits(subtask);
                it.remove();
            } else {
                break;
            }
        }
        if (settings.byDay) {
            listNextDay();
        }
        updateGauges();
        progress();
    }

    /**
     * A line now and then on how far the run is: files found, handed to the readers and pending, the
     * oldest pending delivery, and for a bounded run an estimate of the time left from the pace so far.
     */
    private void progress() {
        long now = clock.getAsLong();
        if (firstHandedOutAt < 0 && handedOut.getCount() > 0) {
            firstHandedOutAt = now;
        }
        boolean bounded = settings.interval == null;
        if (now - lastProgressAt < (bounded ? 10_000 : 60_000) || (!bounded && pendingNow == 0)
                || discovered.getCount() == 0) {
            return;
        }
        lastProgressAt = now;
        long found = discovered.getCount();
        long done = handedOut.getCount();
        String oldest = oldestPendingMillis == Long.MAX_VALUE ? "none"
                : java.time.Instant.ofEpochMilli(oldestPendingMillis).toString();
        if (!bounded) {
            LOG.info("discovery: {} files found, {} handed to readers, {} pending, oldest pending delivered {}",
                    found, done, pendingNow, oldest);
            return;
        }
        long total = found;
        String days = "";
        if (settings.byDay && listedThrough != DiscoveryState.NO_DAY) {
            long left = Math.max(0, lastDay().toEpochDay() - listedThrough);
            total += daysListed == 0 ? 0 : Math.round((double) found / daysListed * left);
            days = ", days listed through " + LocalDate.ofEpochDay(listedThrough) + " of " + lastDay();
        }
        String eta = "";
        if (firstHandedOutAt >= 0 && now > firstHandedOutAt && done > 0 && total > done) {
            long seconds = Math.round((total - done) * ((now - firstHandedOutAt) / 1000.0) / done);
            eta = String.format(", about %d min %02d s left", seconds / 60, seconds % 60);
        }
        LOG.info("backfill: {} of {}{} files handed to readers ({} pending{}, oldest pending delivered {}){}", done,
                settings.byDay ? "about " : "", total, pendingNow, days, oldest, eta);
    }

    private void updateGauges() {
        pendingNow = assigner.size();
        oldestPendingMillis = assigner.oldestDelivery();
        seenNow = seen.size();
    }

    @Override
    public void addSplitsBack(List<FileSourceSplit> splits, int subtask) {
        assigner.addSplits(splits);
        updateGauges();
    }

    @Override
    public void addReader(int subtask) {
        // Readers ask for splits when they are ready.
    }

    @Override
    public DiscoveryState snapshotState(long checkpointId) {
        return new DiscoveryState(assigner.remainingSplits(), seen, newestDay, listedThrough);
    }

    @Override
    public void close() {
        // Nothing held: the listing calls are the context's.
    }

}
