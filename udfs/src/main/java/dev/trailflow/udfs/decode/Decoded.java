package dev.trailflow.udfs.decode;

import dev.trailflow.udfs.flatten.CloudTrailRecord;

/** One outcome of decoding: an event (or Insights event), a dead letter, or a counted skip. Exactly one field is set. */
public final class Decoded {

    /** INSIGHT: a CloudTrail Insights event; {@link #record()} holds it as for an EVENT. */
    public enum Kind { EVENT, INSIGHT, DEAD_LETTER, SKIP }

    private final Kind kind;
    private final CloudTrailRecord record;
    private final DeadLetter deadLetter;
    private final SkipKind skip;

    private Decoded(Kind kind, CloudTrailRecord record, DeadLetter deadLetter, SkipKind skip) {
        this.kind = kind;
        this.record = record;
        this.deadLetter = deadLetter;
        this.skip = skip;
    }

    /** An event or, when the flattener found one, an Insights event. */
    public static Decoded of(CloudTrailRecord record) {
        return new Decoded(record.insight ? Kind.INSIGHT : Kind.EVENT, record, null, null);
    }

    public static Decoded deadLetter(DeadLetter deadLetter) {
        return new Decoded(Kind.DEAD_LETTER, null, deadLetter, null);
    }

    public static Decoded skip(SkipKind skip) {
        return new Decoded(Kind.SKIP, null, null, skip);
    }

    public Kind kind() {
        return kind;
    }

    public CloudTrailRecord record() {
        return record;
    }

    public DeadLetter deadLetter() {
        return deadLetter;
    }

    public SkipKind skip() {
        return skip;
    }

    @Override
    public String toString() {
        return kind == Kind.EVENT || kind == Kind.INSIGHT ? record.toString() : kind == Kind.DEAD_LETTER ? deadLetter.toString() : "Skip{" + skip + "}";
    }
}
