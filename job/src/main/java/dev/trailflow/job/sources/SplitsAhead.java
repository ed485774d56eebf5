package dev.trailflow.job.sources;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A source whose readers ask for {@code ahead} splits when they start instead of one. Flink's file
 * reader asks for the next file only when it has finished the last, so each CloudTrail file (a few
 * milliseconds of decoding) waits a round trip to the enumerator first; with files queued the
 * reader's fetcher goes straight on to the next. Every later request is still made by the reader when
 * a split finishes, so it keeps about {@code ahead} files in hand. For bounded runs: a streaming run
 * takes files in delivery order one at a time, so that its watermark follows the delivery.
 */
public final class SplitsAhead<T, SplitT extends SourceSplit, EnumChkT>
        implements Source<T, SplitT, EnumChkT>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private final Source<T, SplitT, EnumChkT> inner;
    private final TypeInformation<T> type;
    private final int ahead;

    public SplitsAhead(Source<T, SplitT, EnumChkT> inner, TypeInformation<T> type, int ahead) {
        if (ahead < 1) {
            throw new IllegalArgumentException("ahead must be at least 1: " + ahead);
        }
        this.inner = inner;
        this.type = type;
        this.ahead = ahead;
    }

    @Override
    public Boundedness getBoundedness() {
        return inner.getBoundedness();
    }

    @Override
    public SplitEnumerator<SplitT, EnumChkT> createEnumerator(SplitEnumeratorContext<SplitT> context) throws Exception {
        return inner.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<SplitT, EnumChkT> restoreEnumerator(SplitEnumeratorContext<SplitT> context,
            EnumChkT checkpoint) throws Exception {
        return inner.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<SplitT> getSplitSerializer() {
        return inner.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<EnumChkT> getEnumeratorCheckpointSerializer() {
        return inner.getEnumeratorCheckpointSerializer();
    }

    @Override
    public SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception {
        return new Reader<>(inner.createReader(context), context, ahead);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    /** The inner reader, with the extra requests made when it starts. */
    static final class Reader<T, SplitT extends SourceSplit> implements SourceReader<T, SplitT> {
        private final SourceReader<T, SplitT> inner;
        private final SourceReaderContext context;
        private final int ahead;

        Reader(SourceReader<T, SplitT> inner, SourceReaderContext context, int ahead) {
            this.inner = inner;
            this.context = context;
            this.ahead = ahead;
        }

        @Override
        public void start() {
            inner.start();
            for (int i = 1; i < ahead; i++) {
                context.sendSplitRequest();
            }
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            return inner.pollNext(output);
        }

        @Override
        public List<SplitT> snapshotState(long checkpointId) {
            return inner.snapshotState(checkpointId);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return inner.isAvailable();
        }

        @Override
        public void addSplits(List<SplitT> splits) {
            inner.addSplits(splits);
        }

        @Override
        public void notifyNoMoreSplits() {
            inner.notifyNoMoreSplits();
        }

        @Override
        public void handleSourceEvents(SourceEvent event) {
            inner.handleSourceEvents(event);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            inner.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            inner.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
            inner.pauseOrResumeSplits(toPause, toResume);
        }

        @Override
        public void close() throws Exception {
            inner.close();
        }
    }
}
