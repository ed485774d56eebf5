package dev.trailflow.job.sources;

import dev.trailflow.job.records.SourceRecord;
import dev.trailflow.udfs.decode.CloudTrailDecoder;
import dev.trailflow.udfs.decode.Decoded;
import dev.trailflow.udfs.flatten.EventFlattener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;

/**
 * Reads whole CloudTrail files through the udfs decoder. A {@link BulkFormat} rather than a
 * StreamFormat because FileSource decompresses StreamFormat input by file name, and SPEC §3 needs
 * detection by magic bytes and corrupt gzip as dead letters, not as a failed job.
 *
 * <p>The checkpointed position of a file is the number of outcomes already emitted: decoding is
 * deterministic, so a restore decodes the file again and skips that many.
 */
public final class CloudTrailFileFormat implements BulkFormat<SourceRecord, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    /** A batch ends at whichever comes first, so 300 KB events cannot make a batch huge. */
    static final int BATCH_RECORDS = 256;
    static final int BATCH_BYTES = 4 * 1024 * 1024;

    @Override
    public Reader<SourceRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new FileReader(split, 0);
    }

    @Override
    public Reader<SourceRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new FileReader(split, skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }

    private static final class FileReader implements Reader<SourceRecord> {
        private final CloudTrailDecoder decoder;
        private long emitted;

        FileReader(FileSourceSplit split, long alreadyEmitted) throws IOException {
            FileSystem fs = split.path().getFileSystem();
            FSDataInputStream in = fs.open(split.path());
            decoder = CloudTrailDecoder.open(in, split.path().toString(), new EventFlattener());
            for (long k = 0; k < alreadyEmitted; k++) {
                if (decoder.next() == null) {
                    break;
                }
            }
            emitted = alreadyEmitted;
        }

        @Override
        public RecordIterator<SourceRecord> readBatch() throws IOException {
            List<SourceRecord> batch = new ArrayList<>();
            long bytes = 0;
            while (batch.size() < BATCH_RECORDS && bytes < BATCH_BYTES) {
                Decoded d = decoder.next();
                if (d == null) {
                    break;
                }
                batch.add(SourceRecord.of(d));
                bytes += d.kind() == Decoded.Kind.EVENT ? d.record().document.length : 1024;
            }
            if (batch.isEmpty()) {
                return null;
            }
            long before = emitted;
            emitted += batch.size();
            return new IteratorResultIterator<>(batch.iterator(), CheckpointedPosition.NO_OFFSET, before);
        }

        @Override
        public void close() throws IOException {
            decoder.close();
        }
    }
}
