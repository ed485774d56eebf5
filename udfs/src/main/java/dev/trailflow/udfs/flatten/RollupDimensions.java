package dev.trailflow.udfs.flatten;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Arrays;

/**
 * The ten group-by fields of the Flint materialized view the rollups replace, in its key order, and
 * the deterministic document id of one rollup group.
 */
public final class RollupDimensions {

    /** Document keys of the rollup, index-aligned with {@link CloudTrailRecord#dimensions()}. */
    public static final List<String> KEYS = Collections.unmodifiableList(Arrays.asList(
            "aws.cloudtrail.userIdentity.type",
            "aws.cloudtrail.userIdentity.accountId",
            "aws.cloudtrail.userIdentity.sessionContext.sessionIssuer.userName",
            "aws.cloudtrail.userIdentity.sessionContext.sessionIssuer.arn",
            "aws.cloudtrail.userIdentity.sessionContext.sessionIssuer.type",
            "aws.cloudtrail.awsRegion",
            "aws.cloudtrail.sourceIPAddress",
            "aws.cloudtrail.eventSource",
            "aws.cloudtrail.eventName",
            "aws.cloudtrail.eventCategory"));

    public static final int COUNT = 10;

    private RollupDimensions() {}

    /**
     * A stable id for (window start, ten values). The values are length-prefixed, with null marked
     * apart from "", so no two different groups encode alike whatever characters the values hold; the
     * encoding is then hashed so the id stays short whatever the values' length.
     */
    public static String rollupId(long windowStartMillis, String[] values) {
        if (values.length != COUNT) {
            throw new IllegalArgumentException("expected " + COUNT + " dimension values, got " + values.length);
        }
        MessageDigest sha = sha256();
        sha.update(ByteBuffer.allocate(8).putLong(windowStartMillis).array());
        byte[] len = new byte[5];
        for (String v : values) {
            if (v == null) {
                sha.update((byte) 0);
                continue;
            }
            byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
            len[0] = 1;
            len[1] = (byte) (utf8.length >>> 24);
            len[2] = (byte) (utf8.length >>> 16);
            len[3] = (byte) (utf8.length >>> 8);
            len[4] = (byte) utf8.length;
            sha.update(len);
            sha.update(utf8);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
    }

    /** Start of the epoch-aligned tumbling window holding {@code t}. */
    public static long windowStart(long epochMillis, long sizeMillis) {
        return Math.floorDiv(epochMillis, sizeMillis) * sizeMillis;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
