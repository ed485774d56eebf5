package dev.trailflow.job.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.generate.KinesisPayloads;
import dev.trailflow.job.sources.KinesisStreams;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.AmazonKinesis;

/**
 * {@code bin/trailflow-put-kinesis}: puts generated CloudTrail into a Kinesis Data Stream the way it
 * arrives from a CloudWatch Logs subscription (gzip envelopes of many events, a control message first)
 * and from EventBridge. Uses the AWS SDK inside the Kinesis connector, so it signs like the job does.
 */
public final class PutKinesis {

    private PutKinesis() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Map<String, String> o;
        try {
            o = dev.trailflow.job.options.JobSettings.parseArgs(args);
            for (String k : o.keySet()) {
                if (!List.of("stream", "endpoint", "region", "events", "seed", "shards", "per-envelope", "shape")
                        .contains(k)) {
                    throw new IllegalArgumentException("unknown option --" + k);
                }
            }
            if (!o.containsKey("stream")) {
                throw new IllegalArgumentException("--stream NAME is required");
            }
            if (!List.of("cwl", "eventbridge", "mixed").contains(o.getOrDefault("shape", "cwl"))) {
                throw new IllegalArgumentException("--shape: accepted: cwl, eventbridge, mixed");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("trailflow-put-kinesis: " + e.getMessage());
            System.err.println("usage: bin/trailflow-put-kinesis --stream NAME [--endpoint URL] [--region R] "
                    + "[--events N] [--seed S] [--shards N] [--per-envelope N] [--shape cwl|eventbridge|mixed]");
            System.exit(2);
            return;
        }
        String endpoint = o.get("endpoint");
        String region = o.getOrDefault("region", "us-east-1");
        AmazonKinesis kinesis = KinesisStreams.client(endpoint, region);
        String stream = o.get("stream");
        if (o.containsKey("shards")) {
            KinesisStreams.createIfMissing(kinesis, stream, Integer.parseInt(o.get("shards")), out);
        }
        List<ObjectNode> events = KinesisPayloads.events(new GeneratorConfig()
                .events(Long.parseLong(o.getOrDefault("events", "10000")))
                .seed(Long.parseLong(o.getOrDefault("seed", "1")))
                .span(Duration.ofHours(1)));
        List<byte[]> payloads = payloads(events, o.getOrDefault("shape", "cwl"),
                Integer.parseInt(o.getOrDefault("per-envelope", "50")));
        long started = System.nanoTime();
        KinesisStreams.put(kinesis, stream, payloads, null);
        out.printf("put %,d events in %,d records into %s in %.1f s%n", events.size(), payloads.size(), stream,
                (System.nanoTime() - started) / 1e9);
    }

    /** cwl: a control message, then envelopes; eventbridge: one record per event; mixed: every tenth as EventBridge. */
    static List<byte[]> payloads(List<ObjectNode> events, String shape, int perEnvelope) {
        List<byte[]> payloads = new ArrayList<>();
        if (!"eventbridge".equals(shape)) {
            payloads.add(KinesisPayloads.control());
        }
        List<ObjectNode> envelope = new ArrayList<>();
        long id = 1;
        for (int i = 0; i < events.size(); i++) {
            ObjectNode e = events.get(i);
            if ("eventbridge".equals(shape) || ("mixed".equals(shape) && i % 10 == 9)) {
                payloads.add(KinesisPayloads.eventBridge(e));
                continue;
            }
            envelope.add(e);
            if (envelope.size() == perEnvelope) {
                payloads.add(KinesisPayloads.cloudWatchLogs(envelope, id));
                id += envelope.size();
                envelope.clear();
            }
        }
        if (!envelope.isEmpty()) {
            payloads.add(KinesisPayloads.cloudWatchLogs(envelope, id));
        }
        return payloads;
    }
}
