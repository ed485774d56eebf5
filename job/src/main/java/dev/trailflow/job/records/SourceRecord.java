package dev.trailflow.job.records;

import dev.trailflow.udfs.decode.Decoded;
import dev.trailflow.udfs.decode.DeadLetter;
import dev.trailflow.udfs.flatten.CloudTrailRecord;

/**
 * What a source emits: one decoding outcome, so that events, dead letters and skips travel one
 * stream in input order and every input ends in exactly one place. Exactly one field is set.
 */
public class SourceRecord {

    public CloudTrailRecord event;
    /** A CloudTrail Insights event: its own index, no rollup. */
    public CloudTrailRecord insight;
    public DeadLetter deadLetter;
    /** A {@link dev.trailflow.udfs.decode.SkipKind#code()}: counted, never written. */
    public String skip;

    public SourceRecord() {}

    public static SourceRecord of(Decoded d) {
        SourceRecord r = new SourceRecord();
        switch (d.kind()) {
            case EVENT:
                r.event = d.record();
                break;
            case INSIGHT:
                r.insight = d.record();
                break;
            case DEAD_LETTER:
                r.deadLetter = d.deadLetter();
                break;
            default:
                r.skip = d.skip().code();
        }
        return r;
    }

    /**
     * Event time for watermarks; inputs without one never move them, nor do Insights events: CloudTrail
     * delivers those apart from the API calls, and they are not windowed.
     */
    public long timestamp() {
        return event != null ? event.eventTime : Long.MIN_VALUE;
    }

    @Override
    public String toString() {
        return event != null ? event.toString() : insight != null ? "Insight" + insight : deadLetter != null ? deadLetter.toString() : "Skip{" + skip + "}";
    }
}
