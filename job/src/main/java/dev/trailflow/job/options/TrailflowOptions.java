package dev.trailflow.job.options;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;

/**
 * Every option of the job (SPEC §6), typed, with its default and description. {@link JobSettings}
 * reads them once at start; nothing else looks options up by name.
 */
public final class TrailflowOptions {

    public enum SourceType { files, kinesis }

    public enum BackfillMode { batch, checkpointed }

    public static final ConfigOption<SourceType> SOURCE_TYPE = key("source.type")
            .enumType(SourceType.class)
            .defaultValue(SourceType.files)
            .withDescription("Where CloudTrail comes from: files (S3 or local log files, including Firehose "
                    + "deliveries) or kinesis (a Kinesis Data Stream).");

    public static final ConfigOption<String> SOURCE_PATHS = key("source.paths")
            .stringType()
            .noDefaultValue()
            .withDescription("Comma-separated s3://, s3a://, file:// URIs or local paths (files or folders, read "
                    + "recursively; keys under CloudTrail-Digest/ are never opened). Required for source.type files.");

    public static final ConfigOption<Duration> SOURCE_MONITOR_INTERVAL = key("source.monitor-interval")
            .durationType()
            .noDefaultValue()
            .withDescription("Unset: a bounded run over the files there now, in BATCH mode (exact rollups). Set "
                    + "(e.g. 30 s): keep watching the paths for new files and stream them in delivery order.");

    public static final ConfigOption<String> SOURCE_START_TIME = key("source.start-time")
            .stringType()
            .noDefaultValue()
            .withDescription("Only files delivered at or after this ISO-8601 instant (e.g. 2024-09-01T00:00:00Z); "
                    + "only the dated folders from its day on are listed. With source.monitor-interval: where "
                    + "following the bucket begins. Unset: a bounded run reads everything, a followed bucket starts "
                    + "source.lookback before now.");

    public static final ConfigOption<String> SOURCE_END_TIME = key("source.end-time")
            .stringType()
            .noDefaultValue()
            .withDescription("Only files delivered before this ISO-8601 instant; only the dated folders up to its "
                    + "day are listed.");

    public static final ConfigOption<BackfillMode> SOURCE_BACKFILL_MODE = key("source.backfill-mode")
            .enumType(BackfillMode.class)
            .defaultValue(BackfillMode.batch)
            .withDescription("How a bounded run reads: batch (Flink's BATCH mode: exact rollups whatever the order "
                    + "of the files; a crash starts it over) or checkpointed (a streaming run with checkpoints over "
                    + "the range, one day's folders listed at a time: a crash resumes from the last checkpoint; "
                    + "needs source.start-time).");

    public static final ConfigOption<Duration> SOURCE_LOOKBACK = key("source.lookback")
            .durationType()
            .defaultValue(Duration.ofDays(2))
            .withDescription("Following a bucket, each poll lists the dated folders from this long before the newest "
                    + "one a file was found in, and remembers the files it found there; older folders are neither "
                    + "listed nor remembered. Whole days; at least 1 d.");

    public static final ConfigOption<String> SOURCE_SQS_QUEUE_URL = key("source.sqs.queue-url")
            .stringType()
            .noDefaultValue()
            .withDescription("An SQS queue that announces new files (S3 event notifications, directly or through SNS, "
                    + "EventBridge Object Created events, or CloudTrail's SNS log-delivery notifications): the files "
                    + "it names under source.paths are read as they arrive, with no listing. A message is deleted "
                    + "once the checkpoint after its files were read has completed. Excludes source.monitor-interval, "
                    + "source.start-time and source.end-time.");

    public static final ConfigOption<String> SOURCE_SQS_ENDPOINT = key("source.sqs.endpoint")
            .stringType()
            .noDefaultValue()
            .withDescription("An SQS API endpoint URL, e.g. a VPC endpoint. Default: AWS's endpoint for the region, or the queue URL's own host when it is not "
                    + "AWS's (bin/sqs-local, ElasticMQ). Credentials always come from the default AWS chain.");

    public static final ConfigOption<String> SOURCE_SQS_REGION = key("source.sqs.region")
            .stringType()
            .noDefaultValue()
            .withDescription("The queue's region. Unset: taken from an AWS queue URL "
                    + "(https://sqs.REGION.amazonaws.com/ACCOUNT/NAME), else us-east-1.");

    public static final ConfigOption<Duration> SOURCE_SQS_VISIBILITY_TIMEOUT = key("source.sqs.visibility-timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(5))
            .withDescription("How long a received message stays hidden from other readers; renewed while its files "
                    + "are read and until the checkpoint that covers them completes. A job that stops without "
                    + "deleting a message hands it back at once; a crashed one, after this long.");

    public enum InitialPosition { LATEST, TRIM_HORIZON, AT_TIMESTAMP }

    public static final ConfigOption<String> SOURCE_KINESIS_STREAM_ARN = key("source.kinesis.stream-arn")
            .stringType()
            .noDefaultValue()
            .withDescription("The Kinesis Data Stream to read: its ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME), "
                    + "or its bare name together with source.kinesis.region. Required for source.type kinesis.");

    public static final ConfigOption<String> SOURCE_KINESIS_REGION = key("source.kinesis.region")
            .stringType()
            .noDefaultValue()
            .withDescription("The stream's AWS region. Unset: the region in the stream ARN.");

    public static final ConfigOption<String> SOURCE_KINESIS_ENDPOINT = key("source.kinesis.endpoint")
            .stringType()
            .noDefaultValue()
            .withDescription("A Kinesis API endpoint URL other than AWS's own, e.g. http://127.0.0.1:4567 for "
                    + "bin/kinesis-local or a VPC endpoint. Credentials always come from the default AWS chain.");

    public static final ConfigOption<InitialPosition> SOURCE_KINESIS_INITIAL_POSITION =
            key("source.kinesis.initial-position")
                    .enumType(InitialPosition.class)
                    .defaultValue(InitialPosition.LATEST)
                    .withDescription("Where a first start (no checkpoint or savepoint) begins in each shard: LATEST, "
                            + "TRIM_HORIZON (the oldest record kept) or AT_TIMESTAMP (see "
                            + "source.kinesis.initial-timestamp). A restore always resumes from the stored sequence "
                            + "numbers.");

    public static final ConfigOption<String> SOURCE_KINESIS_INITIAL_TIMESTAMP = key("source.kinesis.initial-timestamp")
            .stringType()
            .noDefaultValue()
            .withDescription("For AT_TIMESTAMP: an ISO-8601 instant such as 2024-09-27T00:00:00Z.");

    public static final ConfigOption<String> SOURCE_KINESIS_EFO_CONSUMER_NAME = key("source.kinesis.efo-consumer-name")
            .stringType()
            .noDefaultValue()
            .withDescription("Set: read through enhanced fan-out with a consumer of this name (registered by the "
                    + "job if missing). Unset: poll with GetRecords, sharing the shards' read throughput.");

    public static final ConfigOption<Duration> WINDOW_SIZE = key("window.size")
            .durationType()
            .defaultValue(Duration.ofMinutes(5))
            .withDescription("Length of the event-time tumbling windows of the rollups, aligned to the epoch.");

    public static final ConfigOption<Duration> WINDOW_WATERMARK_DELAY = key("window.watermark-delay")
            .durationType()
            .defaultValue(Duration.ofMinutes(1))
            .withDescription("Bounded out-of-orderness of eventTime: a window is emitted once an event this much "
                    + "past its end has been seen.");

    public static final ConfigOption<Duration> WINDOW_ALLOWED_LATENESS = key("window.allowed-lateness")
            .durationType()
            .defaultValue(Duration.ofMinutes(15))
            .withDescription("How long after its emission a window still takes late events, re-emitting its rollup "
                    + "with the corrected count under the same _id. Later events reach only the raw index.");

    public static final ConfigOption<Duration> WINDOW_IDLE_TIMEOUT = key("window.idle-timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(1))
            .withDescription("After this long without new data, the watermark advances with wall-clock time so "
                    + "the last windows of a quiet input still close.");

    public static final ConfigOption<String> OPENSEARCH_HOSTS = key("opensearch.hosts")
            .stringType()
            .defaultValue("http://127.0.0.1:9200")
            .withDescription("Comma-separated OpenSearch URLs (http or https).");

    public static final ConfigOption<String> OPENSEARCH_USERNAME = key("opensearch.username")
            .stringType()
            .noDefaultValue()
            .withDescription("Basic-auth user name for OpenSearch.");

    public static final ConfigOption<String> OPENSEARCH_PASSWORD = key("opensearch.password")
            .stringType()
            .noDefaultValue()
            .withDescription("Basic-auth password for OpenSearch. Never logged.");

    public static final ConfigOption<String> OPENSEARCH_CA_FILE = key("opensearch.ca-file")
            .stringType()
            .noDefaultValue()
            .withDescription("PEM file of the certificate authority (or authorities) that signed OpenSearch's "
                    + "certificate, for https hosts with a private CA; read at start and shipped with the job. "
                    + "Unset: the JVM's trusted authorities. Host names are always verified.");

    public static final ConfigOption<String> OPENSEARCH_AWS_SIGV4_REGION = key("opensearch.aws-sigv4-region")
            .stringType()
            .noDefaultValue()
            .withDescription("Set (e.g. us-east-1): sign every request with AWS SigV4 for Amazon OpenSearch Service "
                    + "or Serverless, with credentials from the default AWS chain. Not with opensearch.username.");

    public static final ConfigOption<String> OPENSEARCH_AWS_SIGV4_SERVICE = key("opensearch.aws-sigv4-service")
            .stringType()
            .defaultValue("es")
            .withDescription("The service name SigV4 signs for: es (OpenSearch Service domains) or aoss (Serverless).");

    public static final ConfigOption<String> OPENSEARCH_RAW_INDEX = key("opensearch.raw-index")
            .stringType()
            .defaultValue("cloudtrail-{yyyy.MM.dd}")
            .withDescription("Index of the raw records; {yyyy.MM.dd} is the event's own UTC day. An empty value "
                    + "disables raw records.");

    public static final ConfigOption<String> OPENSEARCH_ROLLUP_INDEX = key("opensearch.rollup-index")
            .stringType()
            .defaultValue("cloudtrail-rollups")
            .withDescription("Index of the rollup documents (the Flint materialized view's shape).");

    public static final ConfigOption<String> OPENSEARCH_DEADLETTER_INDEX = key("opensearch.deadletter-index")
            .stringType()
            .defaultValue("cloudtrail-deadletter")
            .withDescription("Index of the dead letters: inputs that could not become raw records, and documents "
                    + "OpenSearch refused.");

    public static final ConfigOption<String> OPENSEARCH_INSIGHTS_INDEX = key("opensearch.insights-index")
            .stringType()
            .defaultValue("cloudtrail-insights")
            .withDescription("Index of CloudTrail Insights events (eventType AwsCloudTrailInsight, the files under "
                    + "CloudTrail-Insight/): one index, not dated; never in the raw index nor in the rollups. An empty "
                    + "value writes them to the dead-letter index instead, as insight_not_indexed.");

    public static final ConfigOption<Integer> OPENSEARCH_BULK_MAX_ACTIONS = key("opensearch.bulk.max-actions")
            .intType()
            .defaultValue(1000)
            .withDescription("Documents per bulk request at most.");

    public static final ConfigOption<MemorySize> OPENSEARCH_BULK_MAX_SIZE = key("opensearch.bulk.max-size")
            .memoryType()
            .defaultValue(MemorySize.parse("5mb"))
            .withDescription("Size of one bulk request at most (whole megabytes, e.g. 5mb).");

    public static final ConfigOption<Duration> OPENSEARCH_BULK_INTERVAL = key("opensearch.bulk.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("A bulk request is sent at least this often while documents wait.");

    public static final ConfigOption<Integer> OPENSEARCH_BULK_MAX_IN_FLIGHT = key("opensearch.bulk.max-in-flight")
            .intType()
            .defaultValue(2)
            .withDescription("Bulk requests each sink subtask has in flight at once; more wait (backpressure). A "
                    + "request being retried keeps its place.");

    public static final ConfigOption<Duration> OPENSEARCH_RETRY_MAX_BACKOFF = key("opensearch.retry.max-backoff")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("Cap of the exponential backoff (from 200 ms, doubling) between retries of a bulk request "
                    + "or of its documents OpenSearch answered 429 or 5xx for, timed out or could not be reached.");

    public static final ConfigOption<Duration> OPENSEARCH_RETRY_MAX_DURATION = key("opensearch.retry.max-duration")
            .durationType()
            .noDefaultValue()
            .withDescription("How long a bulk request may keep failing without any of its documents written before "
                    + "the job fails (and restarts from its last checkpoint). Unset: no limit, an outage only delays.");

    public static final ConfigOption<String> OPENSEARCH_REFRESH_INTERVAL = key("opensearch.refresh-interval")
            .stringType()
            .defaultValue("30s")
            .withDescription("index.refresh_interval of new raw and rollup indices (their templates): how soon a "
                    + "written event or rollup is searchable. Longer refreshes make heavy ingest cheaper (measured in the "
                    + "README); an OpenSearch time value such as 1s, 30s, or -1 (only on demand).");

    public static final ConfigOption<Boolean> OPENSEARCH_INSTALL_TEMPLATES = key("opensearch.install-templates")
            .booleanType()
            .defaultValue(true)
            .withDescription("Install the index templates of the job's indices (raw, rollups, Insights, dead letters) "
                    + "at start (needs the cluster permission to manage index templates).");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = key("checkpoint.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("How often a streaming run checkpoints; a restore re-sends at most this much, "
                    + "overwriting by _id.");

    public static final ConfigOption<Duration> CHECKPOINT_TIMEOUT = key("checkpoint.timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(10))
            .withDescription("A checkpoint not complete after this long is abandoned (while OpenSearch is away, "
                    + "none can complete: the sinks wait for their requests).");

    public static final ConfigOption<Integer> CHECKPOINT_TOLERABLE_FAILURES = key("checkpoint.tolerable-failures")
            .intType()
            .defaultValue(Integer.MAX_VALUE)
            .withDescription("Failed or timed-out checkpoints in a row before the job restarts. Default: any number, "
                    + "so that an OpenSearch outage longer than checkpoint.timeout delays the job instead of "
                    + "restarting it.");

    public static final ConfigOption<Integer> PARALLELISM = key("parallelism")
            .intType()
            .noDefaultValue()
            .withDescription("Parallelism of the job; unset: the cluster's default (locally: the cores).");

    private TrailflowOptions() {}

    /** Every option above, in declaration order (README table, validation of unknown keys). */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field f : TrailflowOptions.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                try {
                    options.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Collections.unmodifiableList(options);
    }
}
