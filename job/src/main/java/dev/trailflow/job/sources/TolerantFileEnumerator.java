package dev.trailflow.job.sources;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the source paths for files, one split per file, and survives a bucket that changes under it.
 * Flink's own recursive enumerator dies when an entry vanishes between a listing and its look at it
 * (an object deleted or expired, a local upload renamed into place: a local listing reads each
 * entry's status after listing the names), and the source then runs without output. Here a folder
 * whose listing fails that way is listed again, and one that is gone is skipped with a warning.
 * Splits carry no block locations: asking for them costs a HEAD request per object on S3, for
 * nothing, since every CloudTrail file is read whole by whichever reader is free.
 */
public final class TolerantFileEnumerator implements FileEnumerator {

    private static final Logger LOG = LoggerFactory.getLogger(TolerantFileEnumerator.class);
    static final int LISTING_ATTEMPTS = 5;

    private final Predicate<Path> accept;
    /** Split ids must not repeat across a restore, when a new enumerator starts counting again. */
    private final String idPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
    private long nextId;

    public TolerantFileEnumerator(Predicate<Path> accept) {
        this.accept = accept;
    }

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits) throws IOException {
        List<FileSourceSplit> splits = new ArrayList<>();
        for (Path path : paths) {
            FileSystem fs = path.getFileSystem();
            // A source path that does not exist fails loudly (FileNotFoundException): a typo in
            // source.paths must not become a job that runs and writes nothing.
            walk(fs.getFileStatus(path), fs, splits);
        }
        return splits;
    }

    private void walk(FileStatus status, FileSystem fs, List<FileSourceSplit> splits) throws IOException {
        if (!accept.test(status.getPath())) {
            return;
        }
        if (!status.isDir()) {
            splits.add(new FileSourceSplit(idPrefix + nextId++, status.getPath(), 0, status.getLen(),
                    status.getModificationTime(), status.getLen()));
            return;
        }
        for (FileStatus child : list(fs, status.getPath())) {
            walk(child, fs, splits);
        }
    }

    static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        FileNotFoundException last = null;
        for (int attempt = 1; attempt <= LISTING_ATTEMPTS; attempt++) {
            try {
                FileStatus[] children = fs.listStatus(dir);
                return children == null ? new FileStatus[0] : children;
            } catch (FileNotFoundException e) {
                last = e;
                if (!fs.exists(dir)) {
                    LOG.warn("{} vanished while being listed; skipped", dir);
                    return new FileStatus[0];
                }
                LOG.info("an entry of {} vanished while it was listed ({}); listing it again", dir, e.getMessage());
            }
        }
        throw new IOException(dir + " changed under " + LISTING_ATTEMPTS + " listings in a row", last);
    }
}
