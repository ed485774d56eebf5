package dev.trailflow.udfs.files;

import dev.trailflow.udfs.decode.CloudTrailDecoder;
import dev.trailflow.udfs.decode.Decoded;
import dev.trailflow.udfs.flatten.EventFlattener;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole CloudTrail files through the decoder, for Flink's FileSource: the DataStream job turns each
 * outcome into its own record type, the SQL format into rows. A {@link BulkFormat} rather than a
 * StreamFormat because FileSource decompresses StreamFormat input by file name, and SPEC §3 needs
 * detection by magic bytes and corrupt gzip as dead letters, not as a failed job.
 *
 * <p>The checkpointed position of a file is the number of outcomes already emitted: decoding is
 * deterministic, so a restore decodes the file again and skips that many.
 */
public final class CloudTrailBulkFormat<T> implements BulkFormat<T, FileSourceSplit> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CloudTrailBulkFormat.class);

    /** A batch ends at whichever comes first, so 300 KB events cannot make a batch huge. */
    public static final int BATCH_RECORDS = 256;
    public static final int BATCH_BYTES = 4 * 1024 * 1024;

    /** What one decoding outcome becomes. */
    public interface Outcome<T> extends Serializable {
        T of(Decoded decoded);
    }

    private final Outcome<T> outcome;
    private final TypeInformation<T> type;
    private final boolean documents;

    /** @param documents false when nothing reads {@code document}: see {@link EventFlattener#of(boolean)} */
    public CloudTrailBulkFormat(Outcome<T> outcome, TypeInformation<T> type, boolean documents) {
        this.outcome = outcome;
        this.type = type;
        this.documents = documents;
    }

    @Override
    public Reader<T> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new FileReader<>(split, 0, outcome, documents);
    }

    @Override
    public Reader<T> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new FileReader<>(split, skip, outcome, documents);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    private static final class FileReader<T> implements Reader<T> {
        private final CloudTrailDecoder decoder;
        private final Outcome<T> outcome;
        private long emitted;

        FileReader(FileSourceSplit split, long alreadyEmitted, Outcome<T> outcome, boolean documents)
                throws IOException {
            this.outcome = outcome;
            FileSystem fs = split.path().getFileSystem();
            CloudTrailDecoder opened;
            try {
                FSDataInputStream in = fs.open(split.path());
                opened = CloudTrailDecoder.open(in, split.path().toString(), EventFlattener.of(documents));
            } catch (FileNotFoundException e) {
                // Deleted, expired or renamed since it was listed: nothing of it can be read any more.
                LOG.warn("{} vanished between listing and reading; skipped", split.path());
                opened = null;
            }
            decoder = opened;
            if (decoder == null) {
                return;
            }
            for (long k = 0; k < alreadyEmitted; k++) {
                if (decoder.next() == null) {
                    break;
                }
            }
            emitted = alreadyEmitted;
        }

        @Override
        public RecordIterator<T> readBatch() throws IOException {
            if (decoder == null) {
                return null;
            }
            List<T> batch = new ArrayList<>();
            long bytes = 0;
            while (batch.size() < BATCH_RECORDS && bytes < BATCH_BYTES) {
                Decoded d = decoder.next();
                if (d == null) {
                    break;
                }
                batch.add(outcome.of(d));
                bytes += d.kind() == Decoded.Kind.EVENT && d.record().document != null ? d.record().document.length : 1024;
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
            if (decoder != null) {
                decoder.close();
            }
        }
    }
}
