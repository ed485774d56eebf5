package dev.trailflow.job.sources;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.flink.kinesis.shaded.com.amazonaws.auth.AWSCredentialsProvider;
import org.apache.flink.kinesis.shaded.com.amazonaws.auth.AWSStaticCredentialsProvider;
import org.apache.flink.kinesis.shaded.com.amazonaws.auth.BasicAWSCredentials;
import org.apache.flink.kinesis.shaded.com.amazonaws.auth.DefaultAWSCredentialsProviderChain;
import org.apache.flink.kinesis.shaded.com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.AmazonKinesis;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.AmazonKinesisClientBuilder;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.model.CreateStreamRequest;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.model.DescribeStreamSummaryRequest;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.model.ListShardsRequest;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.model.PutRecordsRequest;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.model.PutRecordsRequestEntry;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.model.PutRecordsResult;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.model.ResourceNotFoundException;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.model.Shard;

/**
 * Writing to a Kinesis Data Stream, for the tests and {@code bin/trailflow-put-kinesis}: with the AWS
 * SDK inside the Kinesis connector, so requests are signed as the job signs them. Kept out of the
 * deployable jar, which only ever reads streams.
 */
public final class KinesisStreams {

    /** PutRecords takes at most 500 entries and 5 MB per call. */
    private static final int MAX_ENTRIES = 500;
    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private KinesisStreams() {}

    /**
     * A client with the default AWS credentials chain. Against a server on this machine (kinesis-local
     * accepts any signature) a stand-in key is used when the chain has none.
     */
    public static AmazonKinesis client(String endpoint, String region) {
        // JSON rather than CBOR, as the job's consumer speaks to a local server (KinesisSources.Consumer).
        System.setProperty(KinesisSources.Consumer.CBOR_OFF, "true");
        AmazonKinesisClientBuilder b = AmazonKinesisClientBuilder.standard();
        if (endpoint != null) {
            b.withEndpointConfiguration(new EndpointConfiguration(endpoint, region));
        } else {
            b.withRegion(region);
        }
        AWSCredentialsProvider chain = DefaultAWSCredentialsProviderChain.getInstance();
        if (endpoint != null && KinesisSources.isLoopback(endpoint) && !hasCredentials(chain)) {
            chain = new AWSStaticCredentialsProvider(new BasicAWSCredentials("local", "local"));
        }
        return b.withCredentials(chain).build();
    }

    /**
     * For a job reading a Kinesis server on this machine: a stand-in key for the default chain when it
     * has none, as the SDK refuses to send unsigned requests even where nobody checks the signature.
     */
    public static void standInCredentialsForLoopback(String endpoint) {
        if (endpoint != null && KinesisSources.isLoopback(endpoint) && !hasCredentials(DefaultAWSCredentialsProviderChain.getInstance())) {
            System.setProperty("aws.accessKeyId", "local");
            System.setProperty("aws.secretKey", "local");
            // The SDK v2 chain (the SQS source's) reads this name.
            System.setProperty("aws.secretAccessKey", "local");
        }
    }

    static boolean hasCredentials(AWSCredentialsProvider chain) {
        try {
            return chain.getCredentials() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Creates the stream with this many shards unless it exists, and waits until it is ACTIVE. */
    public static void createIfMissing(AmazonKinesis kinesis, String stream, int shards, PrintStream out)
            throws InterruptedException {
        try {
            kinesis.describeStreamSummary(new DescribeStreamSummaryRequest().withStreamName(stream));
        } catch (ResourceNotFoundException e) {
            kinesis.createStream(new CreateStreamRequest().withStreamName(stream).withShardCount(shards));
            if (out != null) {
                out.printf("created stream %s with %d shards%n", stream, shards);
            }
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!"ACTIVE".equals(kinesis.describeStreamSummary(new DescribeStreamSummaryRequest().withStreamName(stream))
                .getStreamDescriptionSummary().getStreamStatus())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stream " + stream + " did not become ACTIVE");
            }
            Thread.sleep(100);
        }
    }

    /** The starting hash key of each shard, to aim a record at one shard. */
    public static List<String> shardStartingHashKeys(AmazonKinesis kinesis, String stream) {
        List<String> keys = new ArrayList<>();
        for (Shard s : kinesis.listShards(new ListShardsRequest().withStreamName(stream)).getShards()) {
            keys.add(s.getHashKeyRange().getStartingHashKey());
        }
        return keys;
    }

    /**
     * Puts every payload, in order within a call, resending the entries a call reports as failed
     * (throughput exceeded) after a backoff.
     *
     * @param explicitHashKey for payload i, the hash key that picks its shard; null: spread by partition key
     */
    public static void put(AmazonKinesis kinesis, String stream, List<byte[]> payloads, IntFunction<String> explicitHashKey)
            throws InterruptedException {
        List<PutRecordsRequestEntry> batch = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < payloads.size(); i++) {
            byte[] p = payloads.get(i);
            PutRecordsRequestEntry e = new PutRecordsRequestEntry().withData(ByteBuffer.wrap(p))
                    .withPartitionKey("pk-" + i);
            if (explicitHashKey != null) {
                e.withExplicitHashKey(explicitHashKey.apply(i));
            }
            if (batch.size() == MAX_ENTRIES || bytes + p.length > MAX_BYTES) {
                send(kinesis, stream, batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(e);
            bytes += p.length;
        }
        if (!batch.isEmpty()) {
            send(kinesis, stream, batch);
        }
    }

    private static void send(AmazonKinesis kinesis, String stream, List<PutRecordsRequestEntry> entries)
            throws InterruptedException {
        List<PutRecordsRequestEntry> pending = entries;
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                Thread.sleep(Math.min(5_000, 100L << Math.min(attempt, 6)));
            }
            if (attempt > 20) {
                throw new IllegalStateException(pending.size() + " records still refused after 20 attempts");
            }
            PutRecordsResult r = kinesis.putRecords(new PutRecordsRequest().withStreamName(stream).withRecords(pending));
            List<PutRecordsRequestEntry> failed = new ArrayList<>();
            for (int i = 0; i < r.getRecords().size(); i++) {
                if (r.getRecords().get(i).getErrorCode() != null) {
                    failed.add(pending.get(i));
                }
            }
            pending = failed;
        }
    }
}
