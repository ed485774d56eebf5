package dev.trailflow.job.sinks;

import java.io.Serializable;

/**
 * One document on its way to OpenSearch: where it goes and its own bytes, which go into the bulk body
 * as they are (SPEC §10: never parsed or re-encoded on the way). What the writer buffers, retries and
 * keeps in checkpoints.
 */
public final class BulkItem implements Serializable {

    private static final long serialVersionUID = 1L;

    /** No external version: the last write wins. */
    public static final long NO_VERSION = 0;

    public final String index;
    public final String id;
    /**
     * A version that only grows for a given id ({@code version_type=external_gte}): a write that
     * carries a smaller one loses to what is stored (a 409), so an older rollup count sent late never
     * overwrites a newer one, whatever the order in which requests complete.
     */
    public final long version;
    /** One line of UTF-8 JSON: no raw CR or LF. */
    public final byte[] document;

    public BulkItem(String index, String id, long version, byte[] document) {
        this.index = index;
        this.id = id;
        this.version = version;
        this.document = document;
    }

    public boolean versioned() {
        return version != NO_VERSION;
    }

    /** Bytes it adds to a bulk body: the document, its action line (about 100 bytes) and two newlines. */
    public long sizeInBytes() {
        return document.length + index.length() + (id == null ? 0 : id.length()) + 64;
    }

    @Override
    public String toString() {
        return "BulkItem{" + index + "/" + id + (versioned() ? " v" + version : "") + ", " + document.length + " bytes}";
    }
}
