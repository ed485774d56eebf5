package dev.trailflow.udfs.flatten;

import java.nio.charset.StandardCharsets;

/**
 * One CloudTrail event ready for the sinks: its flattened raw document, its time, its document id and
 * the ten rollup dimensions (null when the event lacks the field; "" stays "").
 *
 * <p>A Flink POJO: public no-argument constructor and public fields, so it never falls back to Kryo.
 */
public class CloudTrailRecord {

    /** {@code eventID}, or a content hash for the rare event without one: a replay overwrites itself. */
    public String documentId;

    /** Parsed {@code eventTime}, epoch milliseconds UTC. */
    public long eventTime;

    /** The raw-record document as UTF-8 JSON (SPEC §4). */
    public byte[] document;

    public String userIdentityType;
    public String userIdentityAccountId;
    public String sessionIssuerUserName;
    public String sessionIssuerArn;
    public String sessionIssuerType;
    public String awsRegion;
    public String sourceIPAddress;
    public String eventSource;
    public String eventName;
    public String eventCategory;

    /**
     * A CloudTrail Insights event ({@code eventType} {@code AwsCloudTrailInsight}): not an API call, so
     * it has its own index and no rollup; {@link #eventSource} and {@link #eventName} are then null.
     */
    public boolean insight;

    public CloudTrailRecord() {}

    /** The ten dimensions in the order of {@link RollupDimensions#KEYS}. */
    public String[] dimensions() {
        return new String[] {
            userIdentityType, userIdentityAccountId, sessionIssuerUserName, sessionIssuerArn,
            sessionIssuerType, awsRegion, sourceIPAddress, eventSource, eventName, eventCategory
        };
    }

    public String documentAsString() {
        return new String(document, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "CloudTrailRecord{" + documentId + " @" + eventTime + " " + eventSource + " " + eventName + "}";
    }
}
