package dev.trailflow.udfs.decode;

import dev.trailflow.udfs.flatten.CloudTrailRecord;

/** One outcome of decoding: an event, a dead letter, or a counted skip. Exactly one field is set. */
public final class Decoded {

    public enum Kind { EVENT, DEAD_LETTER, SKIP }

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

    public static Decoded event(CloudTrailRecord record) {
        return new Decoded(Kind.EVENT, record, null, null);
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
        return kind == Kind.EVENT ? record.toString() : kind == Kind.DEAD_LETTER ? deadLetter.toString() : "Skip{" + skip + "}";
    }
}
