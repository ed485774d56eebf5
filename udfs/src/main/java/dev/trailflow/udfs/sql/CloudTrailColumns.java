package dev.trailflow.udfs.sql;

import dev.trailflow.udfs.decode.Decoded;
import dev.trailflow.udfs.decode.DeadLetter;
import dev.trailflow.udfs.flatten.CloudTrailRecord;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * The columns a table in the {@code cloudtrail} format may declare, by name: every row is one decoding
 * outcome ({@code kind} says which), with the event's fields, or the dead letter's, or the skip's.
 */
enum CloudTrailColumns {
    KIND("kind", LogicalTypeRoot.VARCHAR, d -> str(d.kind() == Decoded.Kind.EVENT ? "event"
            : d.kind() == Decoded.Kind.INSIGHT ? "insight" : d.kind() == Decoded.Kind.DEAD_LETTER ? "dead_letter" : "skip")),
    EVENT_ID("event_id", LogicalTypeRoot.VARCHAR, d -> str(event(d, r -> r.documentId))),
    /** Rows that are not events get the epoch: a row time may not be null. */
    EVENT_TIME("event_time", LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE,
            d -> TimestampData.fromEpochMillis(d.record() != null ? d.record().eventTime : 0L)),
    EVENT("event", LogicalTypeRoot.VARCHAR,
            d -> str(event(d, r -> new String(r.document, StandardCharsets.UTF_8)))),
    USER_IDENTITY_TYPE("user_identity_type", 0),
    USER_IDENTITY_ACCOUNT_ID("user_identity_account_id", 1),
    SESSION_ISSUER_USER_NAME("session_issuer_user_name", 2),
    SESSION_ISSUER_ARN("session_issuer_arn", 3),
    SESSION_ISSUER_TYPE("session_issuer_type", 4),
    AWS_REGION("aws_region", 5),
    SOURCE_IP_ADDRESS("source_ip_address", 6),
    EVENT_SOURCE("event_source", 7),
    EVENT_NAME("event_name", 8),
    EVENT_CATEGORY("event_category", 9),
    REASON_CODE("reason_code", LogicalTypeRoot.VARCHAR, d -> str(dead(d, l -> l.reason))),
    REASON_MESSAGE("reason_message", LogicalTypeRoot.VARCHAR, d -> str(dead(d, l -> l.message))),
    SOURCE_URI("source_uri", LogicalTypeRoot.VARCHAR, d -> str(dead(d, l -> l.source))),
    SOURCE_POSITION("source_position", LogicalTypeRoot.VARCHAR, d -> str(dead(d, l -> l.position))),
    PAYLOAD("payload", LogicalTypeRoot.VARCHAR, d -> str(dead(d, l -> l.payload))),
    PAYLOAD_TRUNCATED("payload_truncated", LogicalTypeRoot.BOOLEAN,
            d -> d.kind() == Decoded.Kind.DEAD_LETTER ? d.deadLetter().payloadTruncated : null),
    SKIP_KIND("skip_kind", LogicalTypeRoot.VARCHAR, d -> str(d.kind() == Decoded.Kind.SKIP ? d.skip().code() : null));

    final String column;
    final LogicalTypeRoot type;
    final transient Function<Decoded, Object> value;

    CloudTrailColumns(String column, LogicalTypeRoot type, Function<Decoded, Object> value) {
        this.column = column;
        this.type = type;
        this.value = value;
    }

    /** One of the ten rollup dimensions, by its index in {@link CloudTrailRecord#dimensions()}. */
    CloudTrailColumns(String column, int dimension) {
        this(column, LogicalTypeRoot.VARCHAR, d -> str(event(d, r -> r.dimensions()[dimension])));
    }

    private static final Map<String, CloudTrailColumns> BY_NAME = new LinkedHashMap<>();

    static {
        for (CloudTrailColumns c : values()) {
            BY_NAME.put(c.column, c);
        }
    }

    static CloudTrailColumns named(String column) {
        return BY_NAME.get(column);
    }

    static String accepted() {
        return String.join(", ", BY_NAME.keySet());
    }

    private static StringData str(String s) {
        return s == null ? null : StringData.fromString(s);
    }

    /** Events and Insights events: both carry a record. */
    private static String event(Decoded d, Function<CloudTrailRecord, String> f) {
        return d.record() != null ? f.apply(d.record()) : null;
    }

    private static String dead(Decoded d, Function<DeadLetter, String> f) {
        return d.kind() == Decoded.Kind.DEAD_LETTER ? f.apply(d.deadLetter()) : null;
    }

}
