package dev.trailflow.job.records;

/**
 * The outcomes of one Kinesis record. The Kinesis consumer hands over one value per record, and a
 * CloudWatch Logs envelope holds many events; an array (not a List) keeps Flink's POJO serializer.
 */
public class KinesisBatch {

    public SourceRecord[] outcomes;
    /** The newest event time in the record, or Long.MIN_VALUE when it has no event. */
    public long newestEventTime;

    public KinesisBatch() {}

    public KinesisBatch(SourceRecord[] outcomes, long newestEventTime) {
        this.outcomes = outcomes;
        this.newestEventTime = newestEventTime;
    }
}
