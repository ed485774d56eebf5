package dev.trailflow.udfs.decode;

import java.util.Map;
import java.util.TreeMap;

/** Tallies of one or more payloads: what inspect prints and tests compare. */
public final class DecodeCounts {

    private long events;
    private long insights;
    private final Map<String, Long> deadLetters = new TreeMap<>();
    private final Map<String, Long> skips = new TreeMap<>();

    public void add(Decoded d) {
        switch (d.kind()) {
            case EVENT:
                events++;
                break;
            case INSIGHT:
                insights++;
                break;
            case DEAD_LETTER:
                deadLetters.merge(d.deadLetter().reason, 1L, Long::sum);
                break;
            default:
                addSkip(d.skip());
        }
    }

    public void addSkip(SkipKind kind) {
        skips.merge(kind.code(), 1L, Long::sum);
    }

    public void addAll(DecodeCounts other) {
        events += other.events;
        insights += other.insights;
        other.deadLetters.forEach((k, v) -> deadLetters.merge(k, v, Long::sum));
        other.skips.forEach((k, v) -> skips.merge(k, v, Long::sum));
    }

    public long events() {
        return events;
    }

    /** CloudTrail Insights events: not counted in {@link #events()}. */
    public long insights() {
        return insights;
    }

    public long deadLetterTotal() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    public long skipTotal() {
        return skips.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Reason code → count, sorted by code. */
    public Map<String, Long> deadLetters() {
        return deadLetters;
    }

    /** Skip code → count, sorted by code. */
    public Map<String, Long> skips() {
        return skips;
    }

    /** {@code a=1,b=2}, or {@code -} when empty: the form of the corpus table and of inspect. */
    public static String format(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }
}
