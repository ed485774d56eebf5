package dev.trailflow.job.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailflow.generate.KinesisPayloads;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.records.KinesisBatch;
import dev.trailflow.job.records.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class KinesisSourcesTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static ObjectNode event(String id, String time) throws Exception {
        return (ObjectNode) M.readTree("{\"eventVersion\":\"1.08\",\"eventTime\":\"" + time + "\",\"eventSource\":"
                + "\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"eventID\":\"" + id + "\",\"awsRegion\":\"us-east-1\"}");
    }

    private static JobSettings settings(String... more) {
        List<String> args = new ArrayList<>(List.of("--source.type", "kinesis",
                "--source.kinesis.stream-arn", "arn:aws:kinesis:eu-west-1:111122223333:stream/trail"));
        args.addAll(List.of(more));
        return JobSettings.fromArgs(args.toArray(new String[0]));
    }

    @Test
    void theConsumerIsConfiguredFromTheOptionsAndNeverWithCredentials() {
        Properties p = KinesisSources.consumerProperties(settings("--source.kinesis.initial-position", "AT_TIMESTAMP",
                "--source.kinesis.initial-timestamp", "2024-09-27T00:00:01.250Z", "--source.kinesis.endpoint",
                "https://vpce-1.kinesis.eu-west-1.vpce.amazonaws.com", "--window.idle-timeout", "90 s"));
        assertEquals("eu-west-1", p.getProperty("aws.region"));
        assertEquals("https://vpce-1.kinesis.eu-west-1.vpce.amazonaws.com", p.getProperty("aws.endpoint"));
        assertEquals("AT_TIMESTAMP", p.getProperty("flink.stream.initpos"));
        assertEquals("1727395201.250", p.getProperty("flink.stream.initpos.timestamp"));
        assertEquals("90000", p.getProperty("flink.shard.idle.interval"), "a silent shard stops holding time back");
        assertEquals("AUTO", p.getProperty("aws.credentials.provider"));
        assertNull(p.getProperty("flink.stream.recordpublisher"), "polling unless a fan-out consumer is named");
        assertTrue(p.stringPropertyNames().stream().noneMatch(k -> k.contains("accesskey") || k.contains("secret")));

        Properties efo = KinesisSources.consumerProperties(settings("--source.kinesis.efo-consumer-name", "trailflow"));
        assertEquals("EFO", efo.getProperty("flink.stream.recordpublisher"));
        assertEquals("trailflow", efo.getProperty("flink.stream.efo.consumername"));
        assertEquals("LATEST", efo.getProperty("flink.stream.initpos"));
        assertNull(efo.getProperty("aws.endpoint"));
    }

    @Test
    void aRecordIsDecodedAsTheFilesAreAndNamesItsShardAndSequenceNumber() throws Exception {
        KinesisSources.RecordDecoder decoder = new KinesisSources.RecordDecoder(true);
        KinesisBatch cwl = decoder.deserialize(KinesisPayloads.cloudWatchLogs(List.of(
                event("a", "2024-09-27T00:00:05Z"), event("b", "2024-09-27T00:00:09Z"), event("c", "2024-09-27T00:00:01Z")), 1),
                "pk", "4960", 0L, "trail", "shardId-000000000001");
        assertEquals(3, cwl.outcomes.length);
        assertEquals("b", cwl.outcomes[1].event.documentId);
        assertEquals(1727395209000L, cwl.newestEventTime);

        KinesisBatch eb = decoder.deserialize(KinesisPayloads.gzip(KinesisPayloads.eventBridge(event("d", "2024-09-27T00:01:00Z"))),
                "pk", "4961", 0L, "trail", "shardId-000000000001");
        assertEquals("d", eb.outcomes[0].event.documentId);

        KinesisBatch control = decoder.deserialize(KinesisPayloads.control(), "pk", "4962", 0L, "trail", "shardId-000000000001");
        assertEquals(1, control.outcomes.length);
        assertEquals("control_message", control.outcomes[0].skip);
        assertEquals(Long.MIN_VALUE, control.newestEventTime);

        KinesisBatch bad = decoder.deserialize("{\"half\":".getBytes(StandardCharsets.UTF_8), "pk", "4963", 0L, "trail",
                "shardId-000000000000");
        assertEquals("json_syntax", bad.outcomes[0].deadLetter.reason);
        assertEquals("kinesis://trail/shardId-000000000000/4963", bad.outcomes[0].deadLetter.source);
    }

    @Test
    void eachOutcomeLeavesWithItsOwnEventTimeAndWatermarksPassThrough() throws Exception {
        KinesisBatch batch = new KinesisSources.RecordDecoder(true).deserialize(KinesisPayloads.cloudWatchLogs(List.of(
                event("a", "2024-09-27T00:00:05Z"), event("b", "2024-09-27T00:00:09Z")), 1), "pk", "1", 0L, "trail", "shard");
        SourceRecord dead = new KinesisSources.RecordDecoder(true).deserialize("x".getBytes(StandardCharsets.UTF_8), "pk", "2",
                0L, "trail", "shard").outcomes[0];
        batch.outcomes = new SourceRecord[] {batch.outcomes[0], dead, batch.outcomes[1]};
        try (OneInputStreamOperatorTestHarness<KinesisBatch, SourceRecord> h =
                new OneInputStreamOperatorTestHarness<>(new KinesisSources.Unbatch())) {
            h.open();
            h.processElement(new StreamRecord<>(batch, batch.newestEventTime));
            h.processWatermark(new Watermark(1727395000000L));
            List<Object> out = new ArrayList<>(h.getOutput());
            assertEquals(4, out.size());
            assertEquals(1727395205000L, ((StreamRecord<?>) out.get(0)).getTimestamp());
            assertEquals(Long.MIN_VALUE, ((StreamRecord<?>) out.get(1)).getTimestamp(), "a dead letter has no time");
            assertEquals(1727395209000L, ((StreamRecord<?>) out.get(2)).getTimestamp());
            assertEquals(new Watermark(1727395000000L), out.get(3));
        }
    }

    @Test
    void aShardsWatermarkIsItsNewestEventLessTheDelay() {
        KinesisSources.NewestEventLessDelay w = new KinesisSources.NewestEventLessDelay(5_000);
        assertEquals(Long.MIN_VALUE, w.getCurrentWatermark().getTimestamp(), "nothing seen: holds until idle");
        w.extractTimestamp(new KinesisBatch(new SourceRecord[0], 100_000), 0);
        w.extractTimestamp(new KinesisBatch(new SourceRecord[0], 60_000), 0);
        w.extractTimestamp(new KinesisBatch(new SourceRecord[0], Long.MIN_VALUE), 0);
        assertEquals(94_999L, w.getCurrentWatermark().getTimestamp());
        assertFalse(KinesisSources.isLoopback("http://10.1.2.3:4567"));
        assertTrue(KinesisSources.isLoopback("http://127.0.0.1:4567"));
        assertTrue(KinesisSources.isLoopback("http://localhost:4567"));
    }
}
