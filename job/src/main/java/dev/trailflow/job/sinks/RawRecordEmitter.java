package dev.trailflow.job.sinks;

import dev.trailflow.udfs.flatten.CloudTrailRecord;
import dev.trailflow.udfs.flatten.EventTime;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.opensearch.sink.OpensearchEmitter;
import org.apache.flink.connector.opensearch.sink.RequestIndexer;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.common.xcontent.XContentType;

/** A raw record into the index of its event's own UTC day, {@code _id} = eventID (SPEC §4). */
public class RawRecordEmitter implements OpensearchEmitter<CloudTrailRecord> {

    private static final long serialVersionUID = 1L;
    public static final String DAY = "{yyyy.MM.dd}";

    private final String indexPattern;

    public RawRecordEmitter(String indexPattern) {
        this.indexPattern = indexPattern;
    }

    public String index(CloudTrailRecord r) {
        return indexPattern.contains(DAY) ? indexPattern.replace(DAY, EventTime.formatIndexDay(r.eventTime)) : indexPattern;
    }

    public IndexRequest request(CloudTrailRecord r) {
        return new IndexRequest(index(r)).id(r.documentId).source(r.document, XContentType.JSON);
    }

    @Override
    public void emit(CloudTrailRecord r, SinkWriter.Context context, RequestIndexer indexer) {
        indexer.add(request(r));
    }
}
