package dev.trailflow.job.sources;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileSystem;

/**
 * Lists the local file system and counts the listings, one LIST request each on S3, for the
 * discovery's tests and benchmark.
 */
public final class CountingLister implements BucketLayout.Lister {
    public final AtomicLong calls = new AtomicLong();
    /** The folders listed, in order. */
    public final List<String> dirs = new CopyOnWriteArrayList<>();
    private final LocalFileSystem fs = LocalFileSystem.getSharedInstance();

    @Override
    public FileStatus[] list(Path dir) throws IOException {
        calls.incrementAndGet();
        dirs.add(dir.toString());
        return TolerantFileEnumerator.list(fs, dir);
    }
}
