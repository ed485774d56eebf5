package dev.trailflow.job.sources;

import dev.trailflow.job.records.SourceRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * CloudTrail files found by {@link DiscoveryEnumerator} and read by Flink's own file readers (their
 * splits, positions and restores as in any FileSource): a bucket followed at a cost per poll and a
 * state that do not grow with its history, or a bounded range of days.
 */
public final class DiscoverySource implements Source<SourceRecord, FileSourceSplit, DiscoveryState>,
        ResultTypeQueryable<SourceRecord> {

    private static final long serialVersionUID = 1L;

    private final FileSource<SourceRecord> readers;
    private final DiscoveryEnumerator.Settings settings;

    public DiscoverySource(FileSource<SourceRecord> readers, DiscoveryEnumerator.Settings settings) {
        this.readers = readers;
        this.settings = settings;
    }

    @Override
    public Boundedness getBoundedness() {
        return settings.interval == null ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<FileSourceSplit, DiscoveryState> createEnumerator(
            SplitEnumeratorContext<FileSourceSplit> context) {
        return new DiscoveryEnumerator(context, settings, null, BucketLayout.fileSystem(), System::currentTimeMillis);
    }

    @Override
    public SplitEnumerator<FileSourceSplit, DiscoveryState> restoreEnumerator(
            SplitEnumeratorContext<FileSourceSplit> context, DiscoveryState checkpoint) {
        return new DiscoveryEnumerator(context, settings, checkpoint, BucketLayout.fileSystem(), System::currentTimeMillis);
    }

    @Override
    public SimpleVersionedSerializer<FileSourceSplit> getSplitSerializer() {
        return readers.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<DiscoveryState> getEnumeratorCheckpointSerializer() {
        return new DiscoveryState.Serializer();
    }

    @Override
    public SourceReader<SourceRecord, FileSourceSplit> createReader(SourceReaderContext context) throws Exception {
        return readers.createReader(context);
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
