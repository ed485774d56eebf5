package dev.trailflow.job.sources.sqs;

import dev.trailflow.job.records.SourceRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * CloudTrail files announced on an SQS queue. Every reader receives from the queue itself — SQS
 * already shares a queue among consumers, hiding a message from the others while one holds it — so
 * the enumerator has nothing to hand out; it exists because a Source must have one.
 */
public final class SqsNotificationSource implements Source<SourceRecord, Receipts, Integer>,
        ResultTypeQueryable<SourceRecord> {

    private static final long serialVersionUID = 1L;

    private final SqsSettings settings;

    public SqsNotificationSource(SqsSettings settings) {
        this.settings = settings;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<SourceRecord, Receipts> createReader(SourceReaderContext context) {
        return new SqsNotificationReader(context, settings, settings.client());
    }

    @Override
    public SplitEnumerator<Receipts, Integer> createEnumerator(SplitEnumeratorContext<Receipts> context) {
        return new NothingToAssign();
    }

    @Override
    public SplitEnumerator<Receipts, Integer> restoreEnumerator(SplitEnumeratorContext<Receipts> context,
            Integer checkpoint) {
        return new NothingToAssign();
    }

    @Override
    public SimpleVersionedSerializer<Receipts> getSplitSerializer() {
        return new Receipts.Serializer();
    }

    @Override
    public SimpleVersionedSerializer<Integer> getEnumeratorCheckpointSerializer() {
        return new SimpleVersionedSerializer<Integer>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(Integer value) {
                return ByteBuffer.allocate(4).putInt(value).array();
            }

            @Override
            public Integer deserialize(int version, byte[] serialized) throws IOException {
                if (serialized.length != 4) {
                    throw new IOException("unexpected SQS enumerator state of " + serialized.length + " bytes");
                }
                return ByteBuffer.wrap(serialized).getInt();
            }
        };
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }

    private static final class NothingToAssign implements SplitEnumerator<Receipts, Integer> {
        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {}

        /** Receipts of a failed reader go back to no one: its messages reappear on the queue. */
        @Override
        public void addSplitsBack(List<Receipts> splits, int subtaskId) {}

        @Override
        public void addReader(int subtaskId) {}

        @Override
        public Integer snapshotState(long checkpointId) {
            return 0;
        }

        @Override
        public void close() {}
    }
}
