package dev.trailflow.job.sinks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.trailflow.udfs.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an answer of OpenSearch means for the documents of a bulk request (SPEC §4, §10). Pure
 * functions, so every status class is tested without a cluster.
 */
public final class BulkResponses {

    private BulkResponses() {}

    /** What to do with a whole request that did not get a 200. */
    public enum Request {
        /** Send it again after a backoff: OpenSearch is busy, restarting or away. */
        RETRY,
        /** Too large for the cluster's http.max_content_length: send it in halves. */
        SPLIT,
        /** Waiting does not help (a 400 for the body): the job fails. */
        FATAL,
        /** The credentials or a permission were refused (401, 403): the job stops without restarting. */
        DENIED
    }

    /** What happened to one document. */
    public enum Item {
        WRITTEN,
        /** A newer version of the same document is already there (a late, older rollup count). */
        SUPERSEDED,
        /** Busy (429) or a node in trouble (5xx): send it again after a backoff. */
        RETRY,
        /** The document itself is wrong for the index (a mapping conflict, a 400): a dead letter. */
        REFUSED,
        /**
         * The user may not write there (401, 403: a permission the role lacks). Not the document's
         * fault: the job stops instead of turning every document into a dead letter.
         */
        DENIED
    }

    /** For a status other than 2xx on the whole request. */
    public static Request ofRequestStatus(int status) {
        if (status == 408 || status == 429 || status >= 500) {
            return Request.RETRY;
        }
        if (status == 413) {
            return Request.SPLIT;
        }
        if (OpenSearchAccessException.isRefusal(status)) {
            return Request.DENIED;
        }
        return Request.FATAL;
    }

    /** For one item of a 200 answer. */
    public static Item ofItem(int status, boolean versioned) {
        if (status >= 200 && status < 300) {
            return Item.WRITTEN;
        }
        if (status == 409 && versioned) {
            return Item.SUPERSEDED;
        }
        if (status == 429 || status >= 500) {
            return Item.RETRY;
        }
        if (OpenSearchAccessException.isRefusal(status)) {
            return Item.DENIED;
        }
        return Item.REFUSED;
    }

    /** The items of a 200 answer to {@link BulkBody#PATH}. */
    public static final class Items {
        /** False: every item was written; {@link #status} may then be empty. */
        public final boolean errors;
        public final List<Integer> status;
        /** {@code type: reason} of each failed item, null for the others. */
        public final List<String> error;

        Items(boolean errors, List<Integer> status, List<String> error) {
            this.errors = errors;
            this.status = status;
            this.error = error;
        }
    }

    /**
     * Reads {@code {"errors":..,"items":[{"index":{"status":..,"error":{"type":..,"reason":..}}},..]}};
     * stops at {@code "errors":false}, which OpenSearch writes before the items.
     */
    public static Items parse(byte[] body) throws IOException {
        List<Integer> status = new ArrayList<>();
        List<String> error = new ArrayList<>();
        Boolean errors = null;
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a bulk answer: " + preview(body));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if ("errors".equals(field)) {
                    errors = v == JsonToken.VALUE_TRUE;
                    if (!errors) {
                        return new Items(false, status, error);
                    }
                } else if ("items".equals(field) && v == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        readItem(p, status, error);
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IOException("not a bulk answer (" + e.getMessage() + "): " + preview(body), e);
        }
        if (errors == null) {
            throw new IOException("not a bulk answer, no errors field: " + preview(body));
        }
        return new Items(errors, status, error);
    }

    /** One {@code {"index":{...}}} (or create/update/delete) item. */
    private static void readItem(JsonParser p, List<Integer> status, List<String> error) throws IOException {
        int s = -1;
        String e = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if ("status".equals(field) && v.isNumeric()) {
                    s = p.getIntValue();
                } else if ("error".equals(field) && v == JsonToken.START_OBJECT) {
                    e = readError(p);
                } else if ("error".equals(field) && v == JsonToken.VALUE_STRING) {
                    e = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        }
        status.add(s);
        error.add(e);
    }

    private static String readError(JsonParser p) throws IOException {
        String type = null;
        String reason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if ("type".equals(field) && v == JsonToken.VALUE_STRING) {
                type = p.getText();
            } else if ("reason".equals(field) && v == JsonToken.VALUE_STRING) {
                reason = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return type + ": " + reason;
    }

    static String preview(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 300), java.nio.charset.StandardCharsets.UTF_8);
        return body.length > 300 ? s + "..." : s;
    }
}
