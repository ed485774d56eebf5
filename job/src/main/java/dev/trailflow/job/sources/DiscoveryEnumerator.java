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
 * the folders it will list again, and forgets them once their folder falls behind. With an end (a
 * bounded run over a range) it lists once and is done.
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

        public Settings(String[] roots, Duration interval, Long start, Long end, Duration lookback) {
            this.roots = roots;
            this.interval = interval;
            this.start = start;
            this.end = end;
            this.lookback = lookback;
        }
    }

    private final SplitEnumeratorContext<FileSourceSplit> context;
    private final Settings settings;
    private final BucketLayout layout;
    private final LongSupplier clock;
    private final DeliveryOrderAssigner assigner = new DeliveryOrderAssigner(Collections.emptyList());
    private final Map<String, Long> seen;
    private long newestDay;
    /** Split requests not yet served, one entry per request: a bounded run's readers ask for several. */
    private final java.util.Deque<Integer> awaiting = new java.util.ArrayDeque<>();
    private final String idPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
    private long nextId;
    private volatile boolean listedOnce;
    private boolean genericWarned;
    private final AtomicLong lists = new AtomicLong();
    private final Counter discovered;
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
        if (restored != null) {
            assigner.addSplits(restored.pending);
            listedOnce = settings.interval == null && restored.newestDay != DiscoveryState.NO_DAY;
        }
        MetricGroup m = context.metricGroup().addGroup("trailflow").addGroup("discovery");
        discovered = m.counter("filesDiscovered");
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
        if (settings.interval == null) {
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
        LocalDate from;
        if (newestDay != DiscoveryState.NO_DAY) {
            from = LocalDate.ofEpochDay(newestDay).minusDays(Math.max(1, settings.lookback.toDays()));
        } else if (settings.start != null) {
            from = firstDayOf(settings.start);
        } else {
            from = BucketLayout.day(now - settings.lookback.toMillis());
        }
        if (settings.start != null && from.isBefore(firstDayOf(settings.start))) {
            from = firstDayOf(settings.start);
        }
        // A file is filed by its own UTC day, which may be ahead of this clock by a little.
        LocalDate to = settings.end != null ? BucketLayout.day(settings.end) : BucketLayout.day(now).plusDays(1);
        return new BucketLayout.Days(from, to.isBefore(from) ? from : to);
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
        forgetBehind();
        discovered.inc(added);
        listedOnce = true;
        daysForNextPoll = days();
        if (added > 0) {
            LOG.info("{} new files found ({} pending, {} remembered, {} listings so far)", added,
                    assigner.size(), seen.size(), lists.get());
        }
        updateGauges();
        assignPending();
    }

    /** Files of folders that no poll lists any more are forgotten: state bounded by the lookback. */
    private void forgetBehind() {
        if (newestDay == DiscoveryState.NO_DAY) {
            return;
        }
        long firstListed = days().from.toEpochDay();
        seen.values().removeIf(day -> day != DiscoveryState.NO_DAY && day < firstListed - 1);
    }

    static long deliveredAt(FileStatus f) {
        long stamp = DeliveryOrderAssigner.stampMillis(f.getPath().getName());
        return stamp != Long.MIN_VALUE ? stamp : f.getModificationTime();
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
                it.remove();
            } else if (settings.interval == null && listedOnce) {
                context.signalNoMoreSplits(subtask);
                it.remove();
            } else {
                break;
            }
        }
        updateGauges();
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
        return new DiscoveryState(assigner.remainingSplits(), seen, newestDay);
    }

    @Override
    public void close() {
        // Nothing held: the listing calls are the context's.
    }

}
