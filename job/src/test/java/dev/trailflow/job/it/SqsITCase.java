package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trailflow.generate.CloudTrailGenerator;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.generate.SqsShapes;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.sources.KinesisStreams;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The SQS source against a real SQS-API server (ElasticMQ) and the files in the S3-API server: every
 * shape a queue on a trail bucket carries, in one queue, read by two subtasks, through a task failure
 * before a checkpoint completes. Each test ends only when the queue is empty.
 */
class SqsITCase {

    static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static OpenSearchIt os;
    static final String RUN = Long.toHexString(System.currentTimeMillis());
    static String endpoint;
    static SqsClient sqs;
    static S3It s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void servers() throws IOException {
        endpoint = System.getProperty("trailflow.it.sqs", "");
        assumeTrue(!endpoint.isEmpty(), "no SQS-API server given (-Dtrailflow.it.sqs); bin/test starts one");
        s3 = S3It.connect();
        os = OpenSearchIt.connect();
        os.deleteIndices("its*");
        // The job's readers take the default chain, as in production; ElasticMQ checks no signature.
        KinesisStreams.standInCredentialsForLoopback(endpoint);
        sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void closeClients() throws IOException {
        if (sqs != null) {
            sqs.close();
        }
        if (os != null) {
            os.close();
        }
    }

    private static long counted(JobClient job, String name) {
        return JobMetrics.counted(METRICS, job.getJobID(), "trailflow.sqs." + name);
    }

    /** One generated file, stored in S3, with the time CloudTrail delivered it. */
    static final class Delivered {
        final String key;
        final Instant at;
        final long size;

        Delivered(String key, Instant at, long size) {
            this.key = key;
            this.at = at;
            this.size = size;
        }
    }

    /** Generates files into the bucket and returns them in delivery order, with what the job must write. */
    private static List<Delivered> store(String bucket, GeneratorConfig cfg, ExpectedOutput expected,
            java.util.function.UnaryOperator<String> rename) throws IOException {
        List<Delivered> files = new ArrayList<>();
        new CloudTrailGenerator().generate(cfg.gzip(false), (key, delivered, json) -> {
            String stored = rename.apply(key);
            if (!key.contains("CloudTrail-Digest")) {
                expected.addLogFile(json);
            }
            s3.put(bucket, stored, json);
            files.add(new Delivered(stored, delivered, json.length));
        });
        files.sort(Comparator.comparing((Delivered d) -> d.at));
        return files;
    }

    private static JobSettings settings(String queueUrl, String bucket, String prefix) {
        return settings(queueUrl, bucket, prefix, "20 s", "500 ms");
    }

    private static JobSettings settings(String queueUrl, String bucket, String prefix, String visibility,
            String checkpoints) {
        return JobSettings.fromArgs(new String[] {
            "--source.paths", "s3://" + bucket + "/AWSLogs/",
            "--source.sqs.queue-url", queueUrl,
            // Short, so that a message the test did not account for would come back within the wait.
            "--source.sqs.visibility-timeout", visibility,
            // Two subtasks take messages in turns from one queue, and messages handed back after a failure
            // come after newer ones: the lateness covers the whole generated span, as README advises.
            "--window.size", "1 min", "--window.watermark-delay", "10 s", "--window.allowed-lateness", "3 h",
            "--window.idle-timeout", "5 s", "--checkpoint.interval", checkpoints,
            "--opensearch.hosts", os.url, "--opensearch.raw-index", prefix + "-raw-{yyyy.MM.dd}",
            "--opensearch.rollup-index", prefix + "-rollups", "--opensearch.deadletter-index", prefix + "-dead",
            "--opensearch.bulk.interval", "200 ms", "--parallelism", "2"});
    }

    private static void send(String queueUrl, List<String> bodies) {
        for (int from = 0; from < bodies.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(bodies.size(), from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i)).build());
            }
            assertTrue(sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)).failed().isEmpty());
        }
    }

    /** Visible and in flight: zero only once every message was deleted. */
    private static long inQueue(String queueUrl) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static void awaitEverything(String prefix, String queueUrl, ExpectedOutput expected,
            Map<String, Long> deadLetters) throws Exception {
        try {
            OpenSearchIt.await("every event, every rollup, the dead letters and an empty queue", Duration.ofSeconds(240),
                    () -> os.count(prefix + "-raw-*") == expected.events
                            && deadLetters.equals(os.reasons(prefix + "-dead"))
                            && expected.rollups.equals(ExpectedOutput.written(os, prefix + "-rollups"))
                            && inQueue(queueUrl) == 0);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": raw " + os.count(prefix + "-raw-*") + " of " + expected.events
                    + ", dead letters " + os.reasons(prefix + "-dead") + " of " + deadLetters + ", in the queue "
                    + inQueue(queueUrl) + ", rollups "
                    + ExpectedOutput.diff(expected.rollups, ExpectedOutput.written(os, prefix + "-rollups")), e);
        }
    }

    /** Each file announced in one of the five shapes, in turn; the last two in one CloudTrail notification. */
    private static List<String> announce(String bucket, List<Delivered> files) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < files.size() - 2; i++) {
            Delivered f = files.get(i);
            switch (i % 5) {
                case 0:
                    bodies.add(SqsShapes.s3Event("ObjectCreated:Put", bucket, f.key, f.size, f.at));
                    break;
                case 1:
                    bodies.add(SqsShapes.sns(SqsShapes.s3Event("ObjectCreated:CompleteMultipartUpload", bucket, f.key,
                            f.size, f.at)));
                    break;
                case 2:
                    bodies.add(SqsShapes.eventBridge("Object Created", bucket, f.key, f.size, f.at));
                    break;
                case 3:
                    bodies.add(SqsShapes.cloudTrailDelivery(bucket, f.key));
                    break;
                default:
                    bodies.add(SqsShapes.sns(SqsShapes.cloudTrailDelivery(bucket, f.key)));
            }
        }
        bodies.add(SqsShapes.sns(SqsShapes.cloudTrailDelivery(bucket, files.get(files.size() - 2).key,
                files.get(files.size() - 1).key)));
        return bodies;
    }

    @Test
    void everyShapeInOneQueueGivesExactRollupsEveryEventOnceAndAnEmptyQueue() throws Exception {
        String bucket = s3.freshBucket("its-shapes");
        ExpectedOutput expected = new ExpectedOutput(60_000);
        // Keys with a space and a colon, which S3 event notifications URL-encode.
        List<Delivered> files = store(bucket, new GeneratorConfig().events(3_000).seed(47).eventsPerFile(60)
                .span(Duration.ofMinutes(45)).lateFraction(0), expected,
                key -> key.replace("/CloudTrail/", "/CloudTrail/org trail:a+b/"));
        assertTrue(files.stream().anyMatch(f -> f.key.contains("CloudTrail-Digest")), "digests too, to be ignored");
        String queue = sqs.createQueue(b -> b.queueName("its-shapes-" + RUN)).queueUrl();

        final List<String> bodies = new ArrayList<>();
        bodies.add(SqsShapes.testEvent(bucket));
        bodies.add(SqsShapes.sns(SqsShapes.testEvent(bucket)));
        bodies.add(SqsShapes.snsSubscriptionConfirmation());
        bodies.addAll(announce(bucket, files));
        Delivered first = files.get(0);
        bodies.add(SqsShapes.s3Event("ObjectRemoved:Delete", bucket, first.key, 0, first.at));
        bodies.add(SqsShapes.s3Event("ObjectCreated:Put", "its-another-bucket", first.key, first.size, first.at));
        bodies.add(SqsShapes.s3Event("ObjectCreated:Put", bucket, "elsewhere/" + first.key, first.size, first.at));
        bodies.add(SqsShapes.cloudTrailDelivery(bucket, first.key.replace(".json", "-never-written.json")));
        bodies.add("not a notification at all");
        bodies.add("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}");
        send(queue, bodies);

        JobSettings settings = settings(queue, bucket, "its-shapes");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrailflowJob.prepare(env, settings, new TrailflowJob.OpenSearchOutputs(settings));
        JobClient job = env.executeAsync(TrailflowJob.name(settings));
        try {
            Map<String, Long> dead = new TreeMap<>();
            dead.put("file_missing", 1L);
            dead.put("sqs_not_a_notification", 2L);
            awaitEverything("its-shapes", queue, expected, dead);
            OpenSearchIt.await("every message counted as deleted", Duration.ofSeconds(30),
                    () -> counted(job, "messagesDeleted") == bodies.size());
            assertEquals(bodies.size(), counted(job, "messagesReceived"), "each message received once");
            long digests = files.stream().filter(f -> f.key.contains("CloudTrail-Digest")).count();
            assertEquals(digests + 2, counted(job, "filesIgnored"), "digests, another bucket, outside source.paths");
            assertEquals(2, counted(job, "messagesIgnored.test-event.count"));
            assertEquals(1, counted(job, "messagesIgnored.sns-control.count"));
            assertEquals(1, counted(job, "messagesIgnored.other-event.count"));
            assertEquals(files.size() - digests + 1, counted(job, "filesRead"), "every log file, and the missing one tried");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aTaskFailureBeforeACheckpointCompletesReadsTheFilesAgainAndTheirMessagesGoOnlyAfterwards() throws Exception {
        String bucket = s3.freshBucket("its-failure");
        ExpectedOutput expected = new ExpectedOutput(60_000);
        List<Delivered> files = store(bucket, new GeneratorConfig().events(6_000).seed(53).eventsPerFile(100)
                .span(Duration.ofMinutes(90)).lateFraction(0), expected, key -> key);
        String queue = sqs.createQueue(b -> b.queueName("its-failure-" + RUN)).queueUrl();
        List<String> bodies = announce(bucket, files);
        send(queue, bodies.subList(0, bodies.size() / 2));

        Path marker = dir.resolve("failed-once");
        long recordsBefore = FailOnce.RECORDS.get();
        JobSettings settings = settings(queue, bucket, "its-failure");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrailflowJob.prepare(env, settings, new FailOnce.Sinks(settings, marker.toString(), true, 0));
        JobClient job = env.executeAsync(TrailflowJob.name(settings));
        try {
            // The rest only once a checkpoint has completed: the failure comes on the first record after one.
            OpenSearchIt.await("a completed checkpoint", Duration.ofSeconds(120), () -> FailOnce.checkpointsDone(marker) > 0);
            send(queue, bodies.subList(bodies.size() / 2, bodies.size()));
            awaitEverything("its-failure", queue, expected, new TreeMap<>());
            assertTrue(Files.exists(marker), "the failure was injected");
            // The record the failure came on had not been written, so its file's message was still in
            // the queue (or restored undeleted) and the file was read again.
            assertTrue(FailOnce.RECORDS.get() - recordsBefore > expected.events,
                    "records read again after the restore: " + (FailOnce.RECORDS.get() - recordsBefore));
            assertEquals(expected.events, os.count("its-failure-raw-*"));
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void messagesWaitingLongerThanTheirVisibilityTimeoutForACheckpointAreRenewedNotReceivedAgain() throws Exception {
        String bucket = s3.freshBucket("its-renewal");
        ExpectedOutput expected = new ExpectedOutput(60_000);
        List<Delivered> files = store(bucket, new GeneratorConfig().events(1_000).seed(59).eventsPerFile(50)
                .span(Duration.ofMinutes(30)).lateFraction(0), expected, key -> key);
        String queue = sqs.createQueue(b -> b.queueName("its-renewal-" + RUN)).queueUrl();
        List<String> bodies = announce(bucket, files);
        send(queue, bodies);

        // The shortest visibility SQS allows, and checkpoints three times as far apart: every message
        // waits for one longer than its visibility lasts, and would come back without renewal.
        JobSettings settings = settings(queue, bucket, "its-renewal", "10 s", "30 s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrailflowJob.prepare(env, settings, new TrailflowJob.OpenSearchOutputs(settings));
        JobClient job = env.executeAsync(TrailflowJob.name(settings));
        try {
            awaitEverything("its-renewal", queue, expected, new TreeMap<>());
            OpenSearchIt.await("every message counted as deleted", Duration.ofSeconds(30),
                    () -> counted(job, "messagesDeleted") == bodies.size());
            assertEquals(bodies.size(), counted(job, "messagesReceived"), "no message came back to be received again");
        } finally {
            job.cancel().get();
        }
    }
}
