package dev.trailflow.job.records;

import dev.trailflow.udfs.flatten.CloudTrailRecord;
import dev.trailflow.udfs.flatten.RollupDimensions;

/**
 * The ten dimensions as one String key: length-prefixed, null apart from "", so it is injective and
 * can be decoded back. A String key hashes and serializes cheaply and never needs a POJO comparator.
 */
public final class GroupKey {

    private GroupKey() {}

    public static String of(CloudTrailRecord r) {
        return encode(r.dimensions());
    }

    public static String encode(String[] values) {
        StringBuilder b = new StringBuilder(128);
        for (String v : values) {
            if (v == null) {
                b.append('-');
            } else {
                b.append('+').append(v.length()).append(':').append(v);
            }
        }
        return b.toString();
    }

    public static String[] decode(String key) {
        String[] values = new String[RollupDimensions.COUNT];
        int i = 0;
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
