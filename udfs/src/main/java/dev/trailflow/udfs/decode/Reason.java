package dev.trailflow.udfs.decode;

/** Why an input could not become a raw record: the machine-readable code of a dead letter. */
public enum Reason {
    /** The bytes start like gzip but do not inflate. */
    GZIP_CORRUPT("gzip_corrupt"),
    /** The gzip stream ends before its end marker: a partial upload or a cut object. */
    GZIP_TRUNCATED("gzip_truncated"),
    /** Not JSON from here on; the rest of the payload is in this one dead letter. */
    JSON_SYNTAX("json_syntax"),
    /** Bytes that are not valid UTF-8. */
    JSON_ENCODING("json_encoding"),
    /** Nested deeper than the parser's limit (1000). */
    JSON_TOO_DEEP("json_too_deep"),
    /** A string, number, boolean, null or array where an object was expected. */
    NOT_AN_OBJECT("not_an_object"),
    /** An object that is no CloudTrail event: a field is missing, or it is an S3/SNS/... notification. */
    NOT_CLOUDTRAIL("not_cloudtrail"),
    /** A CloudTrail-looking event without {@code eventTime}. */
    MISSING_EVENT_TIME("missing_event_time"),
    /** An {@code eventTime} that does not parse (SPEC §3). */
    BAD_EVENT_TIME("bad_event_time"),
    /** An EventBridge event whose {@code detail} is not a CloudTrail event. */
    EVENTBRIDGE_NOT_CLOUDTRAIL("eventbridge_not_cloudtrail"),
    /** A CloudWatch Logs {@code logEvents[].message} that is not one JSON value. */
    CWL_BAD_MESSAGE("cwl_bad_message"),
    /** A CloudWatch Logs envelope of an unknown message type or without a {@code logEvents} array. */
    CWL_MALFORMED("cwl_malformed"),
    /** A single event of more than 64 MB: no CloudTrail event is near that; it is not indexed. */
    EVENT_TOO_LARGE("event_too_large"),
    /** An SQS message that announces no file in any shape the job knows (set by the SQS source). */
    SQS_NOT_A_NOTIFICATION("sqs_not_a_notification"),
    /** A file a notification announced that is not there (deleted or expired before it was read). */
    FILE_MISSING("file_missing"),
    /** A CloudTrail Insights event of a run configured without an Insights index (set by the job). */
    INSIGHT_NOT_INDEXED("insight_not_indexed"),
    /** OpenSearch refused the document (set by the job's sinks, not by the decoder). */
    OPENSEARCH_REJECTED("opensearch_rejected");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
