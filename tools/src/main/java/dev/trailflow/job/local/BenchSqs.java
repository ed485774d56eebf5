package dev.trailflow.job.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailflow.generate.CloudTrailGenerator;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.generate.SqsShapes;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.sinks.OpenSearchClients;
import dev.trailflow.job.sources.KinesisStreams;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * {@code bin/bench-sqs}: the SQS source on this machine, files in the local S3-API server and
 * notifications in the local SQS-API server. (1) Latency: one file announced at a time, at a steady
 * pace, timed from its notification being sent to its events being counted in OpenSearch. (2) A
 * backlog: thousands of notifications waiting, timed until every event is searchable.
 */
public final class BenchSqs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchSqs() {}

    /** A generated file in the bucket, and how many events it holds. */
    private static final class Stored {
        final String key;
        final Instant delivered;
        final long size;
        final long events;

        Stored(String key, Instant delivered, long size, long events) {
            this.key = key;
            this.delivered = delivered;
            this.size = size;
            this.events = events;
        }
    }

    public static void main(String[] args) throws Exception {
        String opensearch = "http://127.0.0.1:9290";
        String sqsEndpoint = "http://127.0.0.1:9394";
        String s3Data = null;
        int latencyFiles = 60;
        long paceMillis = 1_000;
        int backlogFiles = 2_000;
        int eventsPerFile = 100;
        String refresh = "1s";
        String bulkInterval = "1 s";
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--opensearch": opensearch = v; break;
                case "--sqs": sqsEndpoint = v; break;
                case "--s3-data": s3Data = v; break;
                case "--latency-files": latencyFiles = Integer.parseInt(v); break;
                case "--pace-ms": paceMillis = Long.parseLong(v); break;
                case "--backlog-files": backlogFiles = Integer.parseInt(v); break;
                case "--events-per-file": eventsPerFile = Integer.parseInt(v); break;
                case "--refresh-interval": refresh = v; break;
                case "--bulk-interval": bulkInterval = v; break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (s3Data == null) {
            throw new IllegalArgumentException("--s3-data: the local S3-API server's data directory, to create the bucket");
        }
        Configuration conf = LocalRun.s3Settings();
        FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
        KinesisStreams.standInCredentialsForLoopback(sqsEndpoint);

        String run = Long.toHexString(System.currentTimeMillis());
        String bucket = "bench-sqs-" + run;
        Files.createDirectories(Paths.get(s3Data, bucket));
        int files = 1 + latencyFiles + backlogFiles;
        System.out.printf(Locale.ROOT, "generating and uploading about %,d files of %d events ...%n", files, eventsPerFile);
        List<Stored> stored = upload(bucket, files, eventsPerFile);

        try (SqsClient sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(sqsEndpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String queue = sqs.createQueue(b -> b.queueName(bucket)).queueUrl();
            JobSettings settings = JobSettings.fromArgs(new String[] {
                "--source.paths", "s3://" + bucket + "/AWSLogs/", "--source.sqs.queue-url", queue,
                "--window.size", "1 min", "--window.watermark-delay", "10 s", "--window.idle-timeout", "10 s",
                "--window.allowed-lateness", "2 h", "--checkpoint.interval", "10 s",
                "--opensearch.hosts", opensearch, "--opensearch.raw-index", bucket + "-raw",
                "--opensearch.rollup-index", bucket + "-rollups", "--opensearch.deadletter-index", bucket + "-dead",
                "--opensearch.refresh-interval", refresh, "--opensearch.bulk.interval", bulkInterval,
                "--parallelism", "2"});
            Configuration runtime = LocalRun.localConfig();
            runtime.addAll(conf);
            runtime.addAll(TrailflowJob.runtimeConfig(settings));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, runtime);
            TrailflowJob.prepare(env, settings, new TrailflowJob.OpenSearchOutputs(settings));
            JobClient job = env.executeAsync(TrailflowJob.name(settings));
            try (RestClient os = OpenSearchClients.restClient(settings)) {
                String raw = bucket + "-raw";
                // A first file, untimed: the job's start and the index's creation are not the source's latency.
                long target = stored.get(0).events;
                send(sqs, queue, bucket, stored.subList(0, 1));
                awaitCount(os, raw, target, Duration.ofMinutes(3));

                System.out.printf(Locale.ROOT, "%n(1) latency: %d files, one every %d ms, refresh interval %s%n",
                        latencyFiles, paceMillis, refresh);
                List<Long> latencies = new ArrayList<>();
                for (Stored s : stored.subList(1, 1 + latencyFiles)) {
                    long sent = System.nanoTime();
                    send(sqs, queue, bucket, Collections.singletonList(s));
                    target += s.events;
                    awaitCount(os, raw, target, Duration.ofMinutes(2));
                    long took = (System.nanoTime() - sent) / 1_000_000;
                    latencies.add(took);
                    Thread.sleep(Math.max(0, paceMillis - took));
                }
                Collections.sort(latencies);
                System.out.printf(Locale.ROOT, "    notification sent to events searchable: p50 %,d ms, p95 %,d ms, max %,d ms%n",
                        latencies.get(latencies.size() / 2), latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1),
                        latencies.get(latencies.size() - 1));

                List<Stored> backlog = stored.subList(1 + latencyFiles, stored.size());
                long backlogEvents = backlog.stream().mapToLong(s -> s.events).sum();
                System.out.printf(Locale.ROOT, "%n(2) backlog: %,d notifications waiting, %,d events%n", backlog.size(),
                        backlogEvents);
                long t0 = System.nanoTime();
                send(sqs, queue, bucket, backlog);
                double sending = (System.nanoTime() - t0) / 1e9;
                target += backlogEvents;
                awaitCount(os, raw, target, Duration.ofMinutes(30));
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "    all searchable %.1f s after the first was sent (sending took %.1f s): "
                        + "%,.0f files/s, %,.0f events/s%n", secs, sending, backlog.size() / secs, backlogEvents / secs);
            } finally {
                job.cancel().get();
                LocalRun.clear(settings);
                sqs.deleteQueue(b -> b.queueUrl(queue));
            }
        }
        System.exit(0);
    }

    private static List<Stored> upload(String bucket, int files, int eventsPerFile) throws IOException {
        List<Stored> out = new ArrayList<>();
        new CloudTrailGenerator().generate(new GeneratorConfig().events((long) files * eventsPerFile)
                .eventsPerFile(eventsPerFile).span(Duration.ofHours(files / 60 + 1)).lateFraction(0).gzip(false),
                (key, delivered, json) -> {
                    if (key.contains("CloudTrail-Digest")) {
                        return;
                    }
                    Path path = new Path("s3://" + bucket + "/" + key);
                    try (OutputStream o = path.getFileSystem().create(path, FileSystem.WriteMode.OVERWRITE)) {
                        o.write(json);
                    }
                    out.add(new Stored(key, delivered, json.length, JSON.readTree(json).path("Records").size()));
                });
        out.sort(Comparator.comparing((Stored s) -> s.delivered));
        if (out.size() < files) {
            throw new IllegalStateException("the generator wrote " + out.size() + " files, fewer than " + files);
        }
        return out;
    }

    private static void send(SqsClient sqs, String queue, String bucket, List<Stored> files) {
        for (int from = 0; from < files.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(files.size(), from + 10); i++) {
                Stored s = files.get(i);
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i)
                        .messageBody(SqsShapes.s3Event("ObjectCreated:Put", bucket, s.key, s.size, Instant.now())).build());
            }
            if (!sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entries)).failed().isEmpty()) {
                throw new IllegalStateException("the queue refused a notification");
            }
        }
    }

    /** Polls the count (no forced refresh: searchable means refreshed, as a user's query sees it). */
    private static void awaitCount(RestClient os, String index, long target, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        ObjectMapper m = new ObjectMapper();
        while (true) {
            long n = 0;
            try {
                n = m.readTree(os.performRequest(new Request("GET", "/" + index + "/_count")).getEntity().getContent())
                        .path("count").asLong();
            } catch (ResponseException e) {
                // The index does not exist before the first bulk.
            }
            if (n >= target) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(index + " holds " + n + " of " + target + " events after " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
