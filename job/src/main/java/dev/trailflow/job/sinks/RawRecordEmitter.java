package dev.trailflow.job.sinks;

import dev.trailflow.udfs.flatten.CloudTrailRecord;
import dev.trailflow.udfs.flatten.EventTime;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

/** A raw record into the index of its event's own UTC day (SPEC §4), under its eventID. */
public class RawRecordEmitter implements ElementConverter<CloudTrailRecord, BulkItem> {

    private static final long serialVersionUID = 1L;
    public static final String DAY = "{yyyy.MM.dd}";

    private final String indexPattern;

    public RawRecordEmitter(String indexPattern) {
        this.indexPattern = indexPattern;
    }

    public String index(CloudTrailRecord r) {
        return indexPattern.contains(DAY) ? indexPattern.replace(DAY, EventTime.formatIndexDay(r.eventTime)) : indexPattern;
    }

    public BulkItem item(CloudTrailRecord r) {
        return new BulkItem(index(r), r.documentId, BulkItem.NO_VERSION, r.document);
    }

    @Override
    public BulkItem apply(CloudTrailRecord r, SinkWriter.Context context) {
        return item(r);
    }
}
