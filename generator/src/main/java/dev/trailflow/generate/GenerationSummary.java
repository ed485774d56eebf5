package dev.trailflow.generate;

import java.time.Instant;

/** What one generator run wrote. */
public final class GenerationSummary {

    private final long logFiles;
    private final long digestFiles;
    private final long events;
    private final long uncompressedBytes;
    private final Instant firstEventTime;
    private final Instant lastEventTime;
    private long insightFiles;
    private long insightEvents;

    public GenerationSummary(long logFiles, long digestFiles, long events, long uncompressedBytes,
                             Instant firstEventTime, Instant lastEventTime) {
        this.logFiles = logFiles;
        this.digestFiles = digestFiles;
        this.events = events;
        this.uncompressedBytes = uncompressedBytes;
        this.firstEventTime = firstEventTime;
        this.lastEventTime = lastEventTime;
    }

    /** The same run with its CloudTrail-Insight/ files added. */
    GenerationSummary withInsights(long files, long events, long bytes) {
        GenerationSummary s = new GenerationSummary(logFiles, digestFiles, this.events, uncompressedBytes + bytes,
                firstEventTime, lastEventTime);
        s.insightFiles = files;
        s.insightEvents = events;
        return s;
    }

    /** Log files, digest files and Insights files. */
    public long filesWritten() {
        return logFiles + digestFiles + insightFiles;
    }

    /** Insights events (Start and End), not counted in {@link #events()}. */
    public long insightEvents() {
        return insightEvents;
    }

    public long logFiles() {
        return logFiles;
    }

    public long digestFiles() {
        return digestFiles;
    }

    public long events() {
        return events;
    }

    /** JSON bytes of every file written (log and digest), before compression. */
    public long uncompressedBytes() {
        return uncompressedBytes;
    }

    /** The earliest event time, or null when no event was written. */
    public Instant firstEventTime() {
        return firstEventTime;
    }

    /** The latest event time, or null when no event was written. */
    public Instant lastEventTime() {
        return lastEventTime;
    }

    @Override
    public String toString() {
        return "GenerationSummary{logFiles=" + logFiles + ", digestFiles=" + digestFiles + ", events=" + events
                + ", uncompressedBytes=" + uncompressedBytes + ", firstEventTime=" + firstEventTime
                + ", lastEventTime=" + lastEventTime + "}";
    }
}
