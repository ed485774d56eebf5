package dev.trailflow.udfs.sql;

import dev.trailflow.udfs.flatten.CloudTrailRecord;
import dev.trailflow.udfs.flatten.EventFlattener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code FLATTEN_EVENT(json)}: one CloudTrail event (JSON text, e.g. a column of another source) as the
 * raw document the job indexes: {@code userIdentity} as dotted keys, {@code @timestamp}, scalar
 * payloads wrapped. NULL when the text is not a CloudTrail event.
 */
public final class FlattenEvent extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    private transient EventFlattener flattener;

    public String eval(String json) {
        if (json == null) {
            return null;
        }
        if (flattener == null) {
            // Made on first use rather than in open(): the function is also called outside Flink.
            flattener = new EventFlattener();
        }
        try {
            CloudTrailRecord r = flattener.flatten(json);
            return r == null ? null : new String(r.document, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
