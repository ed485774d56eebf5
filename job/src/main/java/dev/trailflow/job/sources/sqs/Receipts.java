package dev.trailflow.job.sources.sqs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A reader's checkpointed state: the receipt handles of messages whose files were all read before
 * the checkpoint, not yet known to be deleted. A job restored from that checkpoint has their events
 * in OpenSearch, so it deletes them first thing.
 */
public final class Receipts implements SourceSplit {

    final String id;
    final List<String> handles;

    Receipts(String id, List<String> handles) {
        this.id = id;
        this.handles = Collections.unmodifiableList(new ArrayList<>(handles));
    }

    @Override
    public String splitId() {
        return id;
    }

    @Override
    public String toString() {
        return "Receipts{" + id + ", " + handles.size() + " messages}";
    }

    static final class Serializer implements SimpleVersionedSerializer<Receipts> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Receipts r) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(r.id);
                out.writeInt(r.handles.size());
                for (String h : r.handles) {
                    // Receipt handles run to about 1 KB: within writeUTF's 64 KB.
                    out.writeUTF(h);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public Receipts deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown SQS receipts version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                String id = in.readUTF();
                int n = in.readInt();
                List<String> handles = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    handles.add(in.readUTF());
                }
                return new Receipts(id, handles);
            }
        }
    }
}
