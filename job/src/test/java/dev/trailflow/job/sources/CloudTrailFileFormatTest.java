package dev.trailflow.job.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trailflow.job.records.SourceRecord;
import dev.trailflow.udfs.files.CloudTrailBulkFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudTrailFileFormatTest {

    @TempDir
    java.nio.file.Path dir;

    static String event(int i) {
        return "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-09-27T20:07:35Z\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"eventName\":\"GetObject\",\"eventID\":\"e" + i + "\"}";
    }

    /** A .json file that is really gzip, with 600 events and a bad record in the middle. */
    private FileSourceSplit split() throws IOException {
        java.nio.file.Path f = dir.resolve("111122223333_CloudTrail_us-east-1_20240927T2105Z_abc.json");
        StringBuilder s = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < 600; i++) {
            s.append(i == 0 ? "" : ",").append(i == 300 ? "{\"eventSource\":\"aws:s3\"}" : event(i));
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(s.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        return new FileSourceSplit("0", new Path(f.toUri()), 0, Files.size(f), 0, Files.size(f));
    }

    private static List<RecordAndPosition<SourceRecord>> readAll(BulkFormat.Reader<SourceRecord> reader, int limit)
            throws IOException {
        List<RecordAndPosition<SourceRecord>> out = new ArrayList<>();
        BulkFormat.RecordIterator<SourceRecord> batch;
        while (out.size() < limit && (batch = reader.readBatch()) != null) {
            RecordAndPosition<SourceRecord> r;
            while ((r = batch.next()) != null) {
                out.add(new RecordAndPosition<>(r.getRecord(), r.getOffset(), r.getRecordSkipCount()));
            }
            batch.releaseBatch();
        }
        return out;
    }

    @Test
    void readsByContentAndCountsPositionsForRestore() throws IOException {
        CloudTrailBulkFormat<SourceRecord> format = CloudTrailFileFormat.create(true);
        assertFalse(format.isSplittable());
        FileSourceSplit split = split();
        List<RecordAndPosition<SourceRecord>> all;
        try (BulkFormat.Reader<SourceRecord> reader = format.createReader(new Configuration(), split)) {
            all = readAll(reader, Integer.MAX_VALUE);
        }
        assertEquals(600, all.size());
        assertEquals("not_cloudtrail", all.get(300).getRecord().deadLetter.reason);
        assertTrue(all.get(300).getRecord().deadLetter.source.endsWith("_abc.json"));
        assertEquals(600, all.get(599).getRecordSkipCount());
        assertTrue(all.size() > CloudTrailBulkFormat.BATCH_RECORDS, "several batches");

        // Restore after 400 outcomes: the next one is the 401st.
        FileSourceSplit restored = split.updateWithCheckpointedPosition(new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 400));
        try (BulkFormat.Reader<SourceRecord> reader = format.restoreReader(new Configuration(), restored)) {
            List<RecordAndPosition<SourceRecord>> rest = readAll(reader, Integer.MAX_VALUE);
            assertEquals(200, rest.size());
            assertEquals("e400", rest.get(0).getRecord().event.documentId);
            assertEquals(401, rest.get(0).getRecordSkipCount());
            assertNull(reader.readBatch());
        }
    }

    @Test
    void deliveryOrderComesFromTheFileNameStampElseTheModificationTime() {
        FileSourceSplit late = new FileSourceSplit("1",
                new Path("s3://b/AWSLogs/1/CloudTrail/r/2024/09/27/1_CloudTrail_r_20240927T2110Z_x.json.gz"), 0, 1, 5, 1);
        FileSourceSplit early = new FileSourceSplit("2",
                new Path("s3://b/AWSLogs/1/CloudTrail/r/2024/09/27/1_CloudTrail_r_20240927T2105Z_y.json.gz"), 0, 1, 9, 1);
        FileSourceSplit firehose = new FileSourceSplit("3", new Path("s3://b/firehose/part-0001"), 0, 1, 7, 1);
        DeliveryOrderAssigner a = new DeliveryOrderAssigner(Arrays.asList(late, firehose, early));
        assertEquals("3", a.getNext(null).get().splitId(), "modification time 7 ms after the epoch comes first");
        assertEquals("2", a.getNext(null).get().splitId());
        assertEquals("1", a.getNext(null).get().splitId());
        assertFalse(a.getNext(null).isPresent());
    }

    @Test
    void digestKeysAndHiddenFilesAreNeverOpened() {
        assertFalse(FileSources.accept(new Path("s3://b/AWSLogs/1/CloudTrail-Digest/r/2024/09/27/d.json.gz")));
        assertFalse(FileSources.accept(new Path("s3://b/AWSLogs/1/CloudTrail-Digest")));
        assertFalse(FileSources.accept(new Path("file:///x/.part-1.inprogress")));
        assertTrue(FileSources.accept(new Path("s3://b/AWSLogs/1/CloudTrail/r/2024/09/27/a.json.gz")));
        assertEquals("file", FileSources.toPath("relative/dir").toUri().getScheme());
        assertEquals("s3a", FileSources.toPath("s3a://bucket/x").toUri().getScheme());
    }
}
