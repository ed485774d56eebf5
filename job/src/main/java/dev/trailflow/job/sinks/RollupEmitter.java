package dev.trailflow.job.sinks;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trailflow.job.records.Rollup;
import dev.trailflow.udfs.flatten.EventTime;
import dev.trailflow.udfs.flatten.RollupDimensions;
import dev.trailflow.udfs.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

/**
 * A rollup in the Flint materialized view's shape, key for key (SPEC §4): {@code start_time}, the ten
 * dimensions (a null one is left out), {@code aws.cloudtrail.event_count}, plus {@code end_time}. The
 * id is the group's, so a correction by late events replaces the earlier count; the count is the
 * document's external version, so an earlier, smaller count that reaches OpenSearch later loses.
 */
public class RollupEmitter implements ElementConverter<Rollup, BulkItem> {

    private static final long serialVersionUID = 1L;
    public static final String COUNT_KEY = "aws.cloudtrail.event_count";

    private final String index;

    public RollupEmitter(String index) {
        this.index = index;
    }

    public static byte[] document(Rollup r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("start_time", EventTime.formatRollupTime(r.windowStart));
            g.writeStringField("end_time", EventTime.formatRollupTime(r.windowEnd));
            for (int i = 0; i < RollupDimensions.COUNT; i++) {
                if (r.dimensions[i] != null) {
                    g.writeStringField(RollupDimensions.KEYS.get(i), r.dimensions[i]);
                }
            }
            g.writeNumberField(COUNT_KEY, r.count);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public BulkItem item(Rollup r) {
        return new BulkItem(index, r.id(), r.count, document(r));
    }

    @Override
    public BulkItem apply(Rollup r, SinkWriter.Context context) {
        return item(r);
    }
}
