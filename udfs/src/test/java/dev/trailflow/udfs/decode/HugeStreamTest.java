package dev.trailflow.udfs.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A file is never held whole: 600 MB of {@code Records} decode under the test JVM's fixed 512 MB heap
 * (see the surefire argLine). The bytes are produced lazily, so no file and no buffer of that size
 * exists anywhere.
 */
class HugeStreamTest {

    static final long TARGET_BYTES = 600L * 1024 * 1024;

    /** {"Records":[e0,e1,...]} generated on the fly until TARGET_BYTES. */
    static final class LazyRecords extends InputStream {
        private byte[] chunk = "{\"Records\":[".getBytes(StandardCharsets.UTF_8);
        private int pos;
        private long produced;
        long events;
        private boolean closed;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == chunk.length) {
                if (closed) {
                    return -1;
                }
                if (produced >= TARGET_BYTES) {
                    chunk = "]}".getBytes(StandardCharsets.UTF_8);
                    closed = true;
                } else {
                    String sep = events == 0 ? "" : ",";
                    chunk = (sep + Samples.event("e" + events, "2024-09-27T20:07:" + (10 + events % 50) + "Z"))
                            .getBytes(StandardCharsets.UTF_8);
                    events++;
                }
                pos = 0;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            produced += n;
            return n;
        }
    }

    @Test
    void sixHundredMegabytesDecodeInBoundedMemory() throws IOException {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap < TARGET_BYTES, "the test only proves streaming when the heap is smaller than the input");
        LazyRecords in = new LazyRecords();
        long events = 0;
        long bytes = 0;
        try (CloudTrailDecoder d = CloudTrailDecoder.open(in, "lazy")) {
            for (Decoded x = d.next(); x != null; x = d.next()) {
                assertEquals(Decoded.Kind.EVENT, x.kind());
                events++;
                bytes += x.record().document.length;
            }
        }
        assertEquals(in.events, events);
        assertTrue(bytes > TARGET_BYTES, "flattened output of every event: " + bytes);
    }
}
