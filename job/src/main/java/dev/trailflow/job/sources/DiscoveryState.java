package dev.trailflow.job.sources;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.FileSourceSplitSerializer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * What the discovery keeps in a checkpoint: the files found and not yet handed out, the files already
 * found in the dated folders that later polls still list (each with its folder's day, so that they are
 * forgotten once their folder falls out of the lookback), the newest dated folder seen, and for a
 * backfill by day the last day listed.
 */
public final class DiscoveryState {

    /** The day of a file found outside any dated folder: remembered for good (there are few). */
    public static final long NO_DAY = Long.MIN_VALUE;

    final List<FileSourceSplit> pending;
    /** Path → epoch day of its dated folder, or {@link #NO_DAY}. */
    final Map<String, Long> seen;
    /** Epoch day of the newest dated folder a file was found in; {@link #NO_DAY} before the first. */
    final long newestDay;
    /** A backfill by day: the last day listed, whose files are all pending or handed out. */
    final long listedThrough;

    DiscoveryState(Collection<FileSourceSplit> pending, Map<String, Long> seen, long newestDay, long listedThrough) {
        this.pending = new ArrayList<>(pending);
        this.seen = new HashMap<>(seen);
        this.newestDay = newestDay;
        this.listedThrough = listedThrough;
    }

    public int seenFiles() {
        return seen.size();
    }

    public int pendingFiles() {
        return pending.size();
    }

    public static final class Serializer implements SimpleVersionedSerializer<DiscoveryState> {
        @Override
        public int getVersion() {
            return 2;
        }

        @Override
        public byte[] serialize(DiscoveryState state) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            FileSourceSplitSerializer splits = FileSourceSplitSerializer.INSTANCE;
            out.writeInt(splits.getVersion());
            out.writeInt(state.pending.size());
            for (FileSourceSplit s : state.pending) {
                byte[] b = splits.serialize(s);
                out.writeInt(b.length);
                out.write(b);
            }
            out.writeInt(state.seen.size());
            for (Map.Entry<String, Long> e : state.seen.entrySet()) {
                byte[] p = e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(p.length);
                out.write(p);
                out.writeLong(e.getValue());
            }
            out.writeLong(state.newestDay);
            out.writeLong(state.listedThrough);
            out.flush();
            return bytes.toByteArray();
        }

        @Override
        public DiscoveryState deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1 && version != 2) {
                throw new IOException("unknown discovery state version " + version);
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
            int splitVersion = in.readInt();
            int n = in.readInt();
            List<FileSourceSplit> pending = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                pending.add(FileSourceSplitSerializer.INSTANCE.deserialize(splitVersion, b));
            }
            int m = in.readInt();
            Map<String, Long> seen = new HashMap<>(m * 2);
            for (int i = 0; i < m; i++) {
                byte[] p = new byte[in.readInt()];
                in.readFully(p);
                seen.put(new String(p, java.nio.charset.StandardCharsets.UTF_8), in.readLong());
            }
            long newestDay = in.readLong();
            return new DiscoveryState(pending, seen, newestDay, version >= 2 ? in.readLong() : NO_DAY);
        }
    }
}
