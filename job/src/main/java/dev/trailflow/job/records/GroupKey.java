package dev.trailflow.job.records;

import dev.trailflow.udfs.flatten.CloudTrailRecord;
import dev.trailflow.udfs.flatten.RollupDimensions;

/**
 * The ten dimensions as one String key: length-prefixed, null apart from "", so it is injective and
 * can be decoded back. A String key hashes and serializes cheaply and never needs a POJO comparator.
 *
 * <p>It starts with eight hex digits of a hash of the rest: BATCH mode sorts keys byte by byte, and
 * keys of one account share long prefixes ({@code +11:AssumedRole+12:1111...}); the hash makes two
 * keys differ in their first bytes, while equality still compares the whole key.
 */
public final class GroupKey {

    private GroupKey() {}

    public static String of(CloudTrailRecord r) {
        return encode(r.dimensions());
    }

    private static final int HASH_CHARS = 8;

    public static String encode(String[] values) {
        StringBuilder b = new StringBuilder(136);
        for (String v : values) {
            if (v == null) {
                b.append('-');
            } else {
                b.append('+').append(v.length()).append(':').append(v);
            }
        }
        String body = b.toString();
        String hash = Integer.toHexString(body.hashCode() * 0x9E3779B9);
        StringBuilder key = new StringBuilder(HASH_CHARS + body.length());
        for (int i = hash.length(); i < HASH_CHARS; i++) {
            key.append('0');
        }
        return key.append(hash).append(body).toString();
    }

    /**
     * 128 bits of a SHA-256 of the key: what the windows are keyed by. BATCH mode sorts keyed input;
     * a fixed-length key sorts by its normalized bytes, a String key is compared whole every time.
     */
    public static org.apache.flink.api.java.tuple.Tuple2<Long, Long> hash(String key) {
        byte[] d = SHA256.get().digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(d);
        return org.apache.flink.api.java.tuple.Tuple2.of(b.getLong(), b.getLong());
    }

    private static final ThreadLocal<java.security.MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    public static String[] decode(String key) {
        String[] values = new String[RollupDimensions.COUNT];
        int i = HASH_CHARS;
        for (int k = 0; k < values.length; k++) {
            char c = key.charAt(i);
            if (c == '-') {
                i++;
                continue;
            }
            if (c != '+') {
                throw new IllegalArgumentException("not a group key: " + key);
            }
            int colon = key.indexOf(':', i);
            int len = Integer.parseInt(key.substring(i + 1, colon));
            values[k] = key.substring(colon + 1, colon + 1 + len);
            i = colon + 1 + len;
        }
        if (i != key.length()) {
            throw new IllegalArgumentException("not a group key: " + key);
        }
        return values;
    }
}
