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

    public GenerationSummary(long logFiles, long digestFiles, long events, long uncompressedBytes,
                             Instant firstEventTime, Instant lastEventTime) {
        this.logFiles = logFiles;
        this.digestFiles = digestFiles;
        this.events = events;
        this.uncompressedBytes = uncompressedBytes;
        this.firstEventTime = firstEventTime;
        this.lastEventTime = lastEventTime;
    }

    /** Log files plus digest files. */
    public long filesWritten() {
        return logFiles + digestFiles;
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
