package dev.trailflow.job.sinks;

import dev.trailflow.udfs.decode.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

/**
 * A dead letter into its index. The id comes from where and why it was rejected, so re-reading a file
 * after a restore overwrites its dead letters instead of doubling them.
 */
public class DeadLetterEmitter implements ElementConverter<DeadLetter, BulkItem> {

    private static final long serialVersionUID = 1L;

    private final String index;

    public DeadLetterEmitter(String index) {
        this.index = index;
    }

    public static String id(DeadLetter d) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {d.source, d.position, d.reason}) {
                byte[] b = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
                sha.update((byte) (b.length >>> 24));
                sha.update((byte) (b.length >>> 16));
                sha.update((byte) (b.length >>> 8));
                sha.update((byte) b.length);
                sha.update(b);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public BulkItem item(DeadLetter d, long nowMillis) {
        return new BulkItem(index, id(d), BulkItem.NO_VERSION, d.toJson(nowMillis));
    }

    @Override
    public BulkItem apply(DeadLetter d, SinkWriter.Context context) {
        return item(d, System.currentTimeMillis());
    }
}
