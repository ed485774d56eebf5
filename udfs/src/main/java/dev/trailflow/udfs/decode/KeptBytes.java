package dev.trailflow.udfs.decode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Passes bytes to the JSON parser and keeps those from the start of the value being decoded (the
 * mark) on: a raw document is then spliced from the event's own bytes instead of being re-encoded,
 * and a dead letter holds the original text. Memory is the size of the current value plus the
 * parser's read-ahead, whatever the size of the file; a single value above {@link #MAX_KEPT} keeps
 * only its first {@link DeadLetter#MAX_PAYLOAD_BYTES}.
 */
public final class KeptBytes extends InputStream {

    public static final long MAX_KEPT = 64L * 1024 * 1024;

    private final InputStream in;
    private byte[] buf = new byte[64 * 1024];
    /** Stream offset of buf[0]. */
    private long bufStart;
    private int len;
    /** Bytes read from the stream so far; bufStart + len unless the marked value overflowed. */
    private long total;
    /** Everything is kept from the start: the parser reads ahead before the first value is marked. */
    private long mark = 0;
    /** The first bytes of a marked value that grew past MAX_KEPT. */
    private byte[] overflowPrefix;

    public KeptBytes(InputStream in) {
        this.in = in;
    }

    /** Stream offset of the next byte the parser will get. */
    public long consumed() {
        return total;
    }

    /** Keeps bytes from {@code offset} on; it must be within what was last read. */
    public void mark(long offset) {
        overflowPrefix = null;
        mark = offset >= bufStart && offset <= bufStart + len ? offset : -1;
    }

    public long markOffset() {
        return mark;
    }

    /** True when every byte of [from, to) is held. */
    public boolean holds(long from, long to) {
        return mark >= 0 && overflowPrefix == null && from >= bufStart && from <= to && to <= bufStart + len;
    }

    public byte byteAt(long pos) {
        return buf[(int) (pos - bufStart)];
    }

    /** Appends [from, to) to {@code out}; {@link #holds} must be true for the range. */
    public void copyTo(long from, long to, OutputStream out) throws IOException {
        out.write(buf, (int) (from - bufStart), (int) (to - from));
    }

    /**
     * Appends [from, to) to {@code out} on one line: CR and LF become spaces. In JSON the decoder
     * accepted they can only be whitespace between tokens (a string holds them escaped), so the value
     * is unchanged, and it fits in an NDJSON bulk body as one line.
     */
    public void copyOneLineTo(long from, long to, OutputStream out) throws IOException {
        int start = (int) (from - bufStart);
        int end = (int) (to - bufStart);
        int run = start;
        for (int i = start; i < end; i++) {
            byte b = buf[i];
            if (b == '\n' || b == '\r') {
                out.write(buf, run, i - run);
                out.write(' ');
                run = i + 1;
            }
        }
        out.write(buf, run, end - run);
    }

    /** The first bytes of the marked value up to {@code end}, at most {@code max}; null when nothing is marked. */
    public byte[] marked(long end, int max) {
        if (mark < 0) {
            return null;
        }
        if (overflowPrefix != null) {
            return overflowPrefix;
        }
        long to = Math.min(Math.min(end, bufStart + len), mark + max);
        int n = (int) Math.max(0, to - mark);
        return Arrays.copyOfRange(buf, (int) (mark - bufStart), (int) (mark - bufStart) + n);
    }

    /** Reads past the parser until {@code max} bytes from the mark are held; true when input remains after. */
    public boolean fillMarked(int max) {
        byte[] chunk = new byte[8192];
        try {
            while (mark >= 0 && overflowPrefix == null && total < mark + max) {
                if (read(chunk, 0, (int) Math.min(chunk.length, mark + max - total)) < 0) {
                    return false;
                }
            }
            return mark >= 0 && in.read() >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int n) throws IOException {
        int r = in.read(b, off, n);
        if (r > 0) {
            keep(b, off, r);
        }
        return r;
    }

    private void keep(byte[] b, int off, int n) {
        if (mark < 0 || overflowPrefix != null) {
            // Nothing (more) to keep: only this chunk, so that a mark inside it works.
            restartAt(total);
        } else if (mark > bufStart && (len + n > buf.length || mark - bufStart > buf.length / 2)) {
            int drop = (int) (mark - bufStart);
            System.arraycopy(buf, drop, buf, 0, len - drop);
            len -= drop;
            bufStart = mark;
        }
        if (mark >= 0 && overflowPrefix == null && total + n - mark > MAX_KEPT) {
            overflowPrefix = Arrays.copyOfRange(buf, (int) (mark - bufStart),
                    (int) (mark - bufStart) + DeadLetter.MAX_PAYLOAD_BYTES);
            restartAt(total);
        }
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
        }
        System.arraycopy(b, off, buf, len, n);
        len += n;
        total += n;
    }

    private void restartAt(long offset) {
        bufStart = offset;
        len = 0;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
