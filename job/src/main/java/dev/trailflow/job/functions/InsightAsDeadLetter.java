package dev.trailflow.job.functions;

import dev.trailflow.udfs.decode.DeadLetter;
import dev.trailflow.udfs.decode.Reason;
import dev.trailflow.udfs.flatten.CloudTrailRecord;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * An Insights event of a run without an Insights index ({@code opensearch.insights-index} empty): a
 * dead letter holding the whole document, so it is neither lost nor mixed into the raw records.
 */
public class InsightAsDeadLetter implements MapFunction<CloudTrailRecord, DeadLetter> {

    private static final long serialVersionUID = 1L;

    @Override
    public DeadLetter map(CloudTrailRecord r) {
        byte[] doc = r.document == null ? new byte[0] : r.document;
        // The id of a dead letter comes from source, position and reason: the event's id keeps them apart.
        return new DeadLetter(Reason.INSIGHT_NOT_INDEXED, "a CloudTrail Insights event, and opensearch.insights-index is empty",
                "insights", "eventID " + r.documentId, doc, doc.length, false);
    }
}
