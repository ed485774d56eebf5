package dev.trailflow.job.sinks;

import dev.trailflow.job.options.JobSettings;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import org.apache.flink.api.connector.sink2.StatefulSink;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * One of the job's three outputs into OpenSearch, on Flink's async sink: documents are buffered,
 * sent as {@code _bulk} requests of their own bytes, a few requests in flight per subtask, with
 * backpressure when OpenSearch is slow; buffered documents are kept in checkpoints. What OpenSearch
 * answers is handled by {@link OpenSearchSinkWriter}.
 */
public final class OpenSearchSink<T> extends AsyncSinkBase<T, BulkItem> {

    private static final long serialVersionUID = 1L;

    /**
     * Flink's own request timeout re-queues a request's documents while it is still being retried here:
     * it is pushed out of reach, and {@code opensearch.retry.max-duration} bounds a failing request instead.
     */
    private static final long NO_TIMEOUT_MILLIS = 100L * 365 * 24 * 3600 * 1000;

    private final JobSettings settings;
    private final String label;

    private OpenSearchSink(ElementConverter<T, BulkItem> converter, JobSettings settings, String label) {
        super(converter, settings.bulkMaxActions, settings.bulkMaxInFlight,
                settings.bulkMaxActions * (settings.bulkMaxInFlight + 2), settings.bulkMaxSize.getBytes(),
                settings.bulkInterval.toMillis(), settings.bulkMaxSize.getBytes(), NO_TIMEOUT_MILLIS, false);
        this.settings = settings;
        this.label = label;
    }

    /** @param label which output, for logs and metrics: raw, rollups, deadletter */
    public static <T> OpenSearchSink<T> create(JobSettings settings, ElementConverter<T, BulkItem> converter,
            String label) {
        return new OpenSearchSink<>(converter, settings, label);
    }

    @Override
    public OpenSearchSinkWriter<T> createWriter(InitContext context) {
        throw new UnsupportedOperationException("Flink 1.20 creates sink writers with a WriterInitContext");
    }

    @Override
    public OpenSearchSinkWriter<T> createWriter(WriterInitContext context) {
        return restoreWriter(context, Collections.emptyList());
    }

    @Override
    public OpenSearchSinkWriter<T> restoreWriter(WriterInitContext context,
            Collection<BufferedRequestState<BulkItem>> states) {
        return new OpenSearchSinkWriter<>(getElementConverter(), context, getMaxBatchSize(), getMaxInFlightRequests(),
                getMaxBufferedRequests(), getMaxBatchSizeInBytes(), getMaxTimeInBufferMS(), getMaxRecordSizeInBytes(),
                getRequestTimeoutMS(), states, settings, label);
    }

    @Override
    public StatefulSink.StatefulSinkWriter<T, BufferedRequestState<BulkItem>> restoreWriter(InitContext context,
            Collection<BufferedRequestState<BulkItem>> states) {
        throw new UnsupportedOperationException("Flink 1.20 restores sink writers with a WriterInitContext");
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<BulkItem>> getWriterStateSerializer() {
        return new StateSerializer();
    }

    /** Buffered documents in a checkpoint: index, id, version and the document's bytes. */
    static final class StateSerializer extends AsyncSinkWriterStateSerializer<BulkItem> {
        @Override
        protected void serializeRequestToStream(BulkItem item, DataOutputStream out) throws IOException {
            writeString(item.index, out);
            out.writeBoolean(item.id != null);
            if (item.id != null) {
                writeString(item.id, out);
            }
            out.writeLong(item.version);
            out.writeInt(item.document.length);
            out.write(item.document);
        }

        @Override
        protected BulkItem deserializeRequestFromStream(long size, DataInputStream in) throws IOException {
            String index = readString(in);
            String id = in.readBoolean() ? readString(in) : null;
            long version = in.readLong();
            byte[] document = new byte[in.readInt()];
            in.readFully(document);
            return new BulkItem(index, id, version, document);
        }

        @Override
        public int getVersion() {
            return 1;
        }

        /** Ids come from events and may be longer than writeUTF takes. */
        private static void writeString(String s, DataOutputStream out) throws IOException {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }

        private static String readString(DataInputStream in) throws IOException {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
