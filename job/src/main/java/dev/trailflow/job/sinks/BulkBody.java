package dev.trailflow.job.sinks;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The NDJSON body of a {@code _bulk} request: per document an action line and the document's own
 * bytes. Only the action line is written here; ids come from events and are escaped.
 */
public final class BulkBody {

    /** What OpenSearch answers with: per item its status and, when it failed, why; nothing else. */
    public static final String PATH = "/_bulk?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason";

    private BulkBody() {}

    public static byte[] of(List<BulkItem> items) {
        long size = 0;
        for (BulkItem i : items) {
            size += i.sizeInBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, size));
        for (BulkItem i : items) {
            byte[] action = action(i);
            out.write(action, 0, action.length);
            out.write(i.document, 0, i.document.length);
            out.write('\n');
        }
        return out.toByteArray();
    }

    static byte[] action(BulkItem i) {
        StringBuilder b = new StringBuilder(96).append("{\"index\":{\"_index\":\"");
        JsonStringEncoder.getInstance().quoteAsString(i.index, b);
        b.append('"');
        if (i.id != null) {
            b.append(",\"_id\":\"");
            JsonStringEncoder.getInstance().quoteAsString(i.id, b);
            b.append('"');
        }
        if (i.versioned()) {
            b.append(",\"version\":").append(i.version).append(",\"version_type\":\"external_gte\"");
        }
        return b.append("}}\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
