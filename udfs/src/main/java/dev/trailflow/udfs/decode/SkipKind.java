package dev.trailflow.udfs.decode;

/** Inputs that hold no event and are no error: counted, never dead letters. */
public enum SkipKind {
    CONTROL_MESSAGE("control_message"),
    DIGEST("digest"),
    /** An empty payload, an empty top-level array, a log file or CWL envelope with no events. */
    EMPTY("empty");

    private final String code;

    SkipKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
