package dev.trailflow.job.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery and reading survive files that vanish under them (issue: the enumerator died of one). */
class TolerantFileEnumeratorTest {

    @TempDir
    java.nio.file.Path dir;

    /** A local file system whose listing of a folder fails the first times, as when an entry is renamed mid-listing. */
    static final class Flaky extends LocalFileSystem {
        final AtomicInteger failuresLeft;

        Flaky(int failures) {
            failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public FileStatus[] listStatus(Path f) throws IOException {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new FileNotFoundException("File " + f + "/.upload.json does not exist");
            }
            return super.listStatus(f);
        }
    }

    @Test
    void aFolderWhoseEntryVanishedMidListingIsListedAgain() throws IOException {
        Files.write(dir.resolve("a.json"), new byte[] {'{', '}'});
        Path folder = new Path(dir.toUri());
        assertEquals(1, TolerantFileEnumerator.list(new Flaky(2), folder).length);
        assertThrows(IOException.class, () -> TolerantFileEnumerator.list(new Flaky(100), folder),
                "a folder that never settles fails loudly instead of looking empty");
    }

    @Test
    void aFolderThatIsGoneIsSkipped() throws IOException {
        Path gone = new Path(dir.resolve("gone").toUri());
        assertEquals(0, TolerantFileEnumerator.list(new Flaky(1), gone).length);
    }

    @Test
    void splitsAreFilesWithoutBlockLookupsHiddenOnesLeftOutAndIdsNeverRepeat() throws IOException {
        Files.createDirectories(dir.resolve("AWSLogs/1/CloudTrail/us-east-1"));
        Files.write(dir.resolve("AWSLogs/1/CloudTrail/us-east-1/x.json"), new byte[10]);
        Files.write(dir.resolve("AWSLogs/1/CloudTrail/us-east-1/.x.json"), new byte[10]);
        Files.createDirectories(dir.resolve("AWSLogs/1/CloudTrail-Digest"));
        Files.write(dir.resolve("AWSLogs/1/CloudTrail-Digest/d.json"), new byte[10]);
        Path[] root = {new Path(dir.toUri())};
        Collection<FileSourceSplit> splits = new TolerantFileEnumerator(FileSources::accept).enumerateSplits(root, 1);
        assertEquals(Set.of("x.json"), splits.stream().map(s -> s.path().getName()).collect(Collectors.toSet()));
        FileSourceSplit x = splits.iterator().next();
        assertEquals(10, x.length());
        assertEquals(0, x.hostnames().length);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            new TolerantFileEnumerator(FileSources::accept).enumerateSplits(root, 1).forEach(s -> ids.add(s.splitId()));
        }
        assertEquals(3, ids.size(), "a restored enumerator does not hand out ids again");
        assertThrows(FileNotFoundException.class, () -> new TolerantFileEnumerator(FileSources::accept)
                .enumerateSplits(new Path[] {new Path(dir.resolve("typo").toUri())}, 1), "a wrong source path fails loudly");
    }

    @Test
    void aFileThatVanishedBeforeItWasReadIsSkipped() throws IOException {
        FileSourceSplit split = new FileSourceSplit("s", new Path(dir.resolve("expired.json").toUri()), 0, 10, 0, 10);
        assertNull(CloudTrailFileFormat.create(true).createReader(new Configuration(), split).readBatch());
    }
}
