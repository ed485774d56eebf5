package dev.trailflow.udfs.decode;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;

/** Gzip detection by magic bytes, whatever the file is called (SPEC §3). */
public final class Payloads {

    /** Firehose wraps at most twice; more layers than this is not a delivery, it is an attack. */
    static final int MAX_GZIP_LAYERS = 4;
    private static final int BUFFER = 64 * 1024;

    private Payloads() {}

    /** True when {@code head} starts with the gzip magic bytes. */
    public static boolean isGzip(byte[] head, int length) {
        return length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    }

    /**
     * Peels every gzip layer off {@code in}. Several gzip members in a row inflate to their
     * concatenation. Throws {@link java.util.zip.ZipException} or {@link java.io.EOFException} for a
     * corrupt or truncated header; later corruption surfaces while reading.
     *
     * @param layers receives how many gzip layers were found (index 0), may be null
     */
    public static InputStream decompress(InputStream in, int[] layers) throws IOException {
        PushbackInputStream peek = new PushbackInputStream(in, 2);
        int found = 0;
        while (found < MAX_GZIP_LAYERS && startsWithGzip(peek)) {
            peek = new PushbackInputStream(new GZIPInputStream(new NeverDry(peek), BUFFER), 2);
            found++;
        }
        if (layers != null) {
            layers[0] = found;
        }
        return peek;
    }

    private static boolean startsWithGzip(PushbackInputStream in) throws IOException {
        byte[] head = new byte[2];
        int n = 0;
        while (n < 2) {
            int r = in.read(head, n, 2 - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (n > 0) {
            in.unread(head, 0, n);
        }
        return isGzip(head, n);
    }

    /**
     * GZIPInputStream looks for a further member only when its input reports bytes available, and a
     * network stream often reports 0 at a member boundary: the rest of a multi-member Firehose object
     * would be ignored. Always claiming one byte makes it try; at a true end it finds none and stops.
     */
    private static final class NeverDry extends FilterInputStream {
        NeverDry(InputStream in) {
            super(in);
        }

        @Override
        public int available() throws IOException {
            return Math.max(1, super.available());
        }
    }
}
