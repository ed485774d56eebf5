package dev.trailflow.job.options;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

/**
 * The options of one run, parsed and validated once at start. A bad value fails here with a message
 * naming the key and what it accepts; secrets never appear in {@link #toString()}.
 */
public final class JobSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    public final TrailflowOptions.SourceType sourceType;
    public final List<String> sourcePaths;
    /** Null for a bounded run. */
    public final Duration monitorInterval;
    /** Null when unbounded on that side. */
    public final Instant sourceStart;
    public final Instant sourceEnd;
    public final Duration sourceLookback;
    public final TrailflowOptions.BackfillMode backfillMode;
    /** Null: files are discovered by listing. */
    public final String sqsQueueUrl;
    public final String sqsEndpoint;
    public final String sqsRegion;
    public final Duration sqsVisibilityTimeout;
    /** The stream's name, from its ARN or as given. */
    public final String kinesisStream;
    public final String kinesisRegion;
    public final String kinesisEndpoint;
    public final TrailflowOptions.InitialPosition kinesisInitialPosition;
    public final Instant kinesisInitialTimestamp;
    public final String kinesisEfoConsumer;
    public final Duration windowSize;
    public final Duration watermarkDelay;
    public final Duration allowedLateness;
    public final Duration idleTimeout;
    public final List<URI> opensearchHosts;
    public final String opensearchUsername;
    public final String opensearchCaFile;
    public final String sigv4Region;
    public final String sigv4Service;
    /** The CA file's certificates, read once at start so every task trusts the same ones. */
    public final String opensearchCaPem;
    private final String opensearchPassword;
    /** Empty when raw records are disabled. */
    public final String rawIndex;
    public final String rollupIndex;
    public final String deadLetterIndex;
    /** Empty: Insights events become dead letters. */
    public final String insightsIndex;
    public final int bulkMaxActions;
    public final MemorySize bulkMaxSize;
    public final Duration bulkInterval;
    public final int bulkMaxInFlight;
    public final Duration retryMaxBackoff;
    /** Null: no limit. */
    public final Duration retryMaxDuration;
    public final String refreshInterval;
    public final boolean installTemplates;
    public final Duration checkpointInterval;
    public final Duration checkpointTimeout;
    public final int checkpointTolerableFailures;
    /** Null: the environment's default. */
    public final Integer parallelism;

    private JobSettings(Configuration c) {
        sourceType = get(c, TrailflowOptions.SOURCE_TYPE, "files or kinesis");
        String paths = c.get(TrailflowOptions.SOURCE_PATHS);
        sourcePaths = paths == null ? Collections.emptyList()
                : Arrays.stream(paths.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toList());
        monitorInterval = get(c, TrailflowOptions.SOURCE_MONITOR_INTERVAL, "a duration such as 30 s or 1 min");
        sourceStart = instant(TrailflowOptions.SOURCE_START_TIME, c.get(TrailflowOptions.SOURCE_START_TIME));
        sourceEnd = instant(TrailflowOptions.SOURCE_END_TIME, c.get(TrailflowOptions.SOURCE_END_TIME));
        sourceLookback = get(c, TrailflowOptions.SOURCE_LOOKBACK, "a duration of whole days such as 2 d");
        backfillMode = get(c, TrailflowOptions.SOURCE_BACKFILL_MODE, "batch or checkpointed");
        sqsQueueUrl = trimmed(c.get(TrailflowOptions.SOURCE_SQS_QUEUE_URL));
        String sqsEndpointGiven = trimmed(c.get(TrailflowOptions.SOURCE_SQS_ENDPOINT));
        sqsEndpoint = sqsEndpointGiven != null ? sqsEndpointGiven : queueOrigin(sqsQueueUrl);
        String sqsRegionGiven = trimmed(c.get(TrailflowOptions.SOURCE_SQS_REGION));
        sqsRegion = sqsRegionGiven != null ? sqsRegionGiven : queueRegion(sqsQueueUrl);
        sqsVisibilityTimeout = get(c, TrailflowOptions.SOURCE_SQS_VISIBILITY_TIMEOUT, "a duration such as 5 min");
        String stream = trimmed(c.get(TrailflowOptions.SOURCE_KINESIS_STREAM_ARN));
        String region = trimmed(c.get(TrailflowOptions.SOURCE_KINESIS_REGION));
        if (stream != null && stream.startsWith("arn:")) {
            String[] arn = StreamArn.parse(stream);
            kinesisStream = arn[1];
            kinesisRegion = region != null ? region : arn[0];
        } else {
            kinesisStream = stream;
            kinesisRegion = region;
        }
        kinesisEndpoint = trimmed(c.get(TrailflowOptions.SOURCE_KINESIS_ENDPOINT));
        kinesisInitialPosition = get(c, TrailflowOptions.SOURCE_KINESIS_INITIAL_POSITION,
                "LATEST, TRIM_HORIZON or AT_TIMESTAMP");
        kinesisInitialTimestamp = instant(TrailflowOptions.SOURCE_KINESIS_INITIAL_TIMESTAMP,
                c.get(TrailflowOptions.SOURCE_KINESIS_INITIAL_TIMESTAMP));
        kinesisEfoConsumer = trimmed(c.get(TrailflowOptions.SOURCE_KINESIS_EFO_CONSUMER_NAME));
        windowSize = get(c, TrailflowOptions.WINDOW_SIZE, "a duration such as 5 min");
        watermarkDelay = get(c, TrailflowOptions.WINDOW_WATERMARK_DELAY, "a duration such as 1 min");
        allowedLateness = get(c, TrailflowOptions.WINDOW_ALLOWED_LATENESS, "a duration such as 15 min");
        idleTimeout = get(c, TrailflowOptions.WINDOW_IDLE_TIMEOUT, "a duration such as 1 min");
        opensearchHosts = hosts(c.get(TrailflowOptions.OPENSEARCH_HOSTS));
        opensearchUsername = c.get(TrailflowOptions.OPENSEARCH_USERNAME);
        opensearchPassword = c.get(TrailflowOptions.OPENSEARCH_PASSWORD);
        opensearchCaFile = trimmed(c.get(TrailflowOptions.OPENSEARCH_CA_FILE));
        opensearchCaPem = opensearchCaFile == null ? null : caPem(opensearchCaFile);
        sigv4Region = trimmed(c.get(TrailflowOptions.OPENSEARCH_AWS_SIGV4_REGION));
        sigv4Service = c.get(TrailflowOptions.OPENSEARCH_AWS_SIGV4_SERVICE).trim();
        rawIndex = c.get(TrailflowOptions.OPENSEARCH_RAW_INDEX).trim();
        rollupIndex = index(TrailflowOptions.OPENSEARCH_ROLLUP_INDEX, c.get(TrailflowOptions.OPENSEARCH_ROLLUP_INDEX));
        deadLetterIndex = index(TrailflowOptions.OPENSEARCH_DEADLETTER_INDEX,
                c.get(TrailflowOptions.OPENSEARCH_DEADLETTER_INDEX));
        String insights = c.get(TrailflowOptions.OPENSEARCH_INSIGHTS_INDEX).trim();
        insightsIndex = insights.isEmpty() ? "" : index(TrailflowOptions.OPENSEARCH_INSIGHTS_INDEX, insights);
        if (insightsIndex.contains("{")) {
            // Its template names the index itself: a dated name would get no mapping.
            throw new IllegalArgumentException("opensearch.insights-index: '" + insights
                    + "' is not valid; accepted: one index name, not dated, or empty");
        }
        bulkMaxActions = get(c, TrailflowOptions.OPENSEARCH_BULK_MAX_ACTIONS, "a whole number");
        bulkMaxSize = get(c, TrailflowOptions.OPENSEARCH_BULK_MAX_SIZE, "a size such as 5mb");
        bulkInterval = get(c, TrailflowOptions.OPENSEARCH_BULK_INTERVAL, "a duration such as 1 s");
        bulkMaxInFlight = get(c, TrailflowOptions.OPENSEARCH_BULK_MAX_IN_FLIGHT, "a whole number");
        retryMaxBackoff = get(c, TrailflowOptions.OPENSEARCH_RETRY_MAX_BACKOFF, "a duration such as 30 s");
        retryMaxDuration = get(c, TrailflowOptions.OPENSEARCH_RETRY_MAX_DURATION, "a duration such as 2 h");
        refreshInterval = c.get(TrailflowOptions.OPENSEARCH_REFRESH_INTERVAL).trim();
        installTemplates = get(c, TrailflowOptions.OPENSEARCH_INSTALL_TEMPLATES, "true or false");
        checkpointInterval = get(c, TrailflowOptions.CHECKPOINT_INTERVAL, "a duration such as 30 s");
        checkpointTimeout = get(c, TrailflowOptions.CHECKPOINT_TIMEOUT, "a duration such as 10 min");
        checkpointTolerableFailures = get(c, TrailflowOptions.CHECKPOINT_TOLERABLE_FAILURES, "a whole number");
        parallelism = get(c, TrailflowOptions.PARALLELISM, "a whole number");
        validate();
    }

    public static JobSettings fromArgs(String[] args) {
        return fromMap(parseArgs(args));
    }

    public static JobSettings fromMap(Map<String, String> values) {
        Set<String> known = TrailflowOptions.all().stream().map(ConfigOption::key).collect(Collectors.toSet());
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown option " + k + "; accepted: "
                        + TrailflowOptions.all().stream().map(ConfigOption::key).collect(Collectors.joining(", ")));
            }
        }
        return new JobSettings(Configuration.fromMap(values));
    }

    /** {@code --key value} pairs, in order; a later key wins. */
    public static Map<String, String> parseArgs(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new IllegalArgumentException("expected --key value, got " + a);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            values.put(a.substring(2), args[++i]);
        }
        return values;
    }

    private static <T> T get(Configuration c, ConfigOption<T> option, String accepted) {
        try {
            return c.get(option);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option.key() + ": '" + c.toMap().get(option.key())
                    + "' is not valid; accepted: " + accepted, e);
        }
    }

    /** The file's text, when it holds at least one X.509 certificate. */
    private static String caPem(String file) {
        String key = TrailflowOptions.OPENSEARCH_CA_FILE.key();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Paths.get(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": cannot read '" + file + "' (" + e.getMessage()
                    + "); accepted: a PEM file of CA certificates", e);
        }
        try {
            if (CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes)).isEmpty()) {
                throw new CertificateException("no certificate in it");
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException(key + ": '" + file + "' holds no X.509 certificate (" + e.getMessage()
                    + "); accepted: a PEM file of CA certificates", e);
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String trimmed(String v) {
        return v == null || v.trim().isEmpty() ? null : v.trim();
    }

    private static Instant instant(ConfigOption<String> option, String v) {
        if (trimmed(v) == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option.key() + ": '" + v
                    + "' is not valid; accepted: an ISO-8601 instant with offset, such as 2024-09-27T00:00:00Z", e);
        }
    }

    /** The parts of a Kinesis stream ARN the job needs: region and name. */
    static final class StreamArn {
        private StreamArn() {}

        static String[] parse(String arn) {
            // arn:PARTITION:kinesis:REGION:ACCOUNT:stream/NAME
            String[] p = arn.split(":", 6);
            if (p.length != 6 || !"kinesis".equals(p[2]) || p[3].isEmpty() || !p[5].startsWith("stream/")
                    || p[5].length() == "stream/".length() || p[5].indexOf('/', "stream/".length()) >= 0) {
                throw new IllegalArgumentException(TrailflowOptions.SOURCE_KINESIS_STREAM_ARN.key() + ": '" + arn
                        + "' is not a stream ARN; accepted: arn:aws:kinesis:REGION:ACCOUNT:stream/NAME, or a stream "
                        + "name with source.kinesis.region");
            }
            return new String[] {p[3], p[5].substring("stream/".length())};
        }
    }

    private static List<URI> hosts(String value) {
        List<URI> hosts = new ArrayList<>();
        for (String h : value.split(",")) {
            String t = h.trim();
            if (t.isEmpty()) {
                continue;
            }
            URI u;
            try {
                u = URI.create(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "opensearch.hosts: '" + t + "' is not a URL; accepted: http(s)://host:port, comma-separated", e);
            }
            if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                throw new IllegalArgumentException(
                        "opensearch.hosts: '" + t + "' is not a URL; accepted: http(s)://host:port, comma-separated");
            }
            hosts.add(u);
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("opensearch.hosts: empty; accepted: http(s)://host:port, comma-separated");
        }
        return Collections.unmodifiableList(hosts);
    }

    private static String index(ConfigOption<String> option, String name) {
        String n = name.trim();
        if (n.isEmpty() || !n.equals(n.toLowerCase(Locale.ROOT)) || n.startsWith("_") || n.startsWith("-")
                || n.matches(".*[\\\\/*?\"<>| ,#:].*")) {
            throw new IllegalArgumentException(option.key() + ": '" + name
                    + "' is not a valid index name; accepted: lower case, not starting with _ or -, without "
                    + "\\ / * ? \" < > | space , # :");
        }
        return n;
    }

    private void validate() {
        if (sourceType == TrailflowOptions.SourceType.files && sourcePaths.isEmpty()) {
            throw new IllegalArgumentException("source.paths: required when source.type is files; accepted: "
                    + "comma-separated s3://, s3a://, file:// URIs or local paths");
        }
        if (sourceType == TrailflowOptions.SourceType.kinesis) {
            validateKinesis();
        }
        if (sqsQueueUrl != null) {
            validateSqs();
        }
        positive(TrailflowOptions.WINDOW_SIZE.key(), windowSize);
        notNegative(TrailflowOptions.WINDOW_WATERMARK_DELAY.key(), watermarkDelay);
        notNegative(TrailflowOptions.WINDOW_ALLOWED_LATENESS.key(), allowedLateness);
        positive(TrailflowOptions.WINDOW_IDLE_TIMEOUT.key(), idleTimeout);
        positive(TrailflowOptions.CHECKPOINT_INTERVAL.key(), checkpointInterval);
        if (monitorInterval != null) {
            positive(TrailflowOptions.SOURCE_MONITOR_INTERVAL.key(), monitorInterval);
        }
        if (sourceStart != null && sourceEnd != null && !sourceStart.isBefore(sourceEnd)) {
            throw new IllegalArgumentException("source.end-time: must be after source.start-time (" + sourceStart + ")");
        }
        if (backfillMode == TrailflowOptions.BackfillMode.checkpointed && (monitorInterval != null || sourceStart == null)) {
            throw new IllegalArgumentException("source.backfill-mode checkpointed: for a bounded run (no "
                    + "source.monitor-interval) with source.start-time, the first day it lists");
        }
        if (sourceLookback.toDays() < 1 || sourceLookback.toMillis() % Duration.ofDays(1).toMillis() != 0) {
            throw new IllegalArgumentException("source.lookback: '" + sourceLookback + "' is not valid; accepted: whole "
                    + "days, at least 1 d");
        }
        if (Duration.ofDays(1).toMillis() % windowSize.toMillis() != 0 && windowSize.toMillis() < Duration.ofDays(1).toMillis()) {
            // Not an error for Flink, but windows would not line up with the Flint view's.
            throw new IllegalArgumentException("window.size: '" + windowSize + "' does not divide a day; accepted: a "
                    + "duration that divides 24 h, such as 1 min, 5 min, 15 min, 1 h");
        }
        if (!rawIndex.isEmpty()) {
            index(TrailflowOptions.OPENSEARCH_RAW_INDEX, rawIndex.replace("{yyyy.MM.dd}", "day"));
        }
        if (bulkMaxActions < 1) {
            throw new IllegalArgumentException("opensearch.bulk.max-actions: must be at least 1");
        }
        if (bulkMaxSize.getMebiBytes() < 1) {
            throw new IllegalArgumentException("opensearch.bulk.max-size: accepted: at least 1mb");
        }
        if (bulkMaxInFlight < 1) {
            throw new IllegalArgumentException("opensearch.bulk.max-in-flight: must be at least 1");
        }
        positive(TrailflowOptions.OPENSEARCH_RETRY_MAX_BACKOFF.key(), retryMaxBackoff);
        if (retryMaxDuration != null) {
            positive(TrailflowOptions.OPENSEARCH_RETRY_MAX_DURATION.key(), retryMaxDuration);
        }
        if (!refreshInterval.matches("-1|\\d+(ms|s|m|h|d)")) {
            throw new IllegalArgumentException("opensearch.refresh-interval: '" + refreshInterval
                    + "' is not valid; accepted: an OpenSearch time value such as 1s, 30s, 1m, or -1");
        }
        positive(TrailflowOptions.CHECKPOINT_TIMEOUT.key(), checkpointTimeout);
        if (checkpointTolerableFailures < 0) {
            throw new IllegalArgumentException("checkpoint.tolerable-failures: must be 0 or more");
        }
        if (parallelism != null && parallelism < 1) {
            throw new IllegalArgumentException("parallelism: must be at least 1");
        }
        if (sigv4Region != null && opensearchUsername != null) {
            throw new IllegalArgumentException("opensearch.aws-sigv4-region and opensearch.username exclude each other: "
                    + "a request is signed with SigV4 or with basic auth, not both");
        }
        if (sigv4Region != null && !sigv4Region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new IllegalArgumentException("opensearch.aws-sigv4-region: '" + sigv4Region
                    + "' is not a region; accepted: an AWS region such as us-east-1");
        }
        if (!sigv4Service.equals("es") && !sigv4Service.equals("aoss")) {
            throw new IllegalArgumentException("opensearch.aws-sigv4-service: '" + sigv4Service + "'; accepted: es, aoss");
        }
        if ((opensearchUsername == null) != (opensearchPassword == null)) {
            throw new IllegalArgumentException("opensearch.username and opensearch.password go together");
        }
    }

    private void validateKinesis() {
        if (kinesisStream == null) {
            throw new IllegalArgumentException("source.kinesis.stream-arn: required when source.type is kinesis; "
                    + "accepted: arn:aws:kinesis:REGION:ACCOUNT:stream/NAME, or a stream name with source.kinesis.region");
        }
        if (!kinesisStream.matches("[a-zA-Z0-9_.-]{1,128}")) {
            throw new IllegalArgumentException("source.kinesis.stream-arn: '" + kinesisStream
                    + "' is not a stream name; accepted: 1-128 of a-z A-Z 0-9 _ . -");
        }
        if (kinesisRegion == null) {
            throw new IllegalArgumentException("source.kinesis.region: required when source.kinesis.stream-arn is a "
                    + "bare name; accepted: an AWS region such as us-east-1");
        }
        if (kinesisEndpoint != null) {
            URI u;
            try {
                u = URI.create(kinesisEndpoint);
            } catch (IllegalArgumentException e) {
                u = null;
            }
            if (u == null || u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                throw new IllegalArgumentException("source.kinesis.endpoint: '" + kinesisEndpoint
                        + "' is not a URL; accepted: http(s)://host:port");
            }
        }
        if ((kinesisInitialPosition == TrailflowOptions.InitialPosition.AT_TIMESTAMP) != (kinesisInitialTimestamp != null)) {
            throw new IllegalArgumentException("source.kinesis.initial-timestamp: set it exactly when "
                    + "source.kinesis.initial-position is AT_TIMESTAMP; accepted: an ISO-8601 instant such as "
                    + "2024-09-27T00:00:00Z");
        }
        if (monitorInterval != null || !sourcePaths.isEmpty() || sourceStart != null || sourceEnd != null) {
            throw new IllegalArgumentException("source.paths, source.monitor-interval, source.start-time and "
                    + "source.end-time are for source.type files; "
                    + "a Kinesis run takes source.kinesis.* instead");
        }
    }

    private void validateSqs() {
        if (sourceType != TrailflowOptions.SourceType.files) {
            throw new IllegalArgumentException("source.sqs.queue-url: for source.type files; it announces files under "
                    + "source.paths");
        }
        if (monitorInterval != null || sourceStart != null || sourceEnd != null
                || backfillMode != TrailflowOptions.BackfillMode.batch) {
            throw new IllegalArgumentException("source.sqs.queue-url excludes source.monitor-interval, "
                    + "source.start-time, source.end-time and source.backfill-mode: notifications name the files, "
                    + "nothing is listed");
        }
        url(TrailflowOptions.SOURCE_SQS_QUEUE_URL.key(), sqsQueueUrl, "http(s)://host[:port]/ACCOUNT/NAME");
        if (sqsEndpoint != null) {
            url(TrailflowOptions.SOURCE_SQS_ENDPOINT.key(), sqsEndpoint, "http(s)://host:port");
        }
        if (!sqsRegion.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new IllegalArgumentException("source.sqs.region: '" + sqsRegion
                    + "' is not a region; accepted: an AWS region such as us-east-1");
        }
        long visibility = sqsVisibilityTimeout.getSeconds();
        if (visibility < 10 || visibility > 12 * 3600) {
            throw new IllegalArgumentException("source.sqs.visibility-timeout: '" + sqsVisibilityTimeout
                    + "'; accepted: 10 s to 12 h (SQS's own limit)");
        }
        for (String p : sourcePaths) {
            if (!p.startsWith("s3://") && !p.startsWith("s3a://")) {
                throw new IllegalArgumentException("source.paths: '" + p + "' with source.sqs.queue-url; accepted: "
                        + "s3:// or s3a:// URIs, the bucket and prefixes whose notifications are read");
            }
        }
    }

    private static void url(String key, String value, String accepted) {
        URI u;
        try {
            u = URI.create(value);
        } catch (IllegalArgumentException e) {
            u = null;
        }
        if (u == null || u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a URL; accepted: " + accepted);
        }
    }

    /**
     * The SDK sends to its endpoint whatever the queue URL says: a queue URL of a server other than
     * AWS's (ElasticMQ, bin/sqs-local) names the endpoint too.
     */
    static String queueOrigin(String queueUrl) {
        if (queueUrl == null || AWS_QUEUE.matcher(queueUrl).matches()) {
            return null;
        }
        try {
            URI u = new URI(queueUrl);
            return u.getScheme() == null || u.getHost() == null ? null
                    : u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (URISyntaxException e) {
            return null; // validateSqs() says what is wrong with it
        }
    }

    private static final java.util.regex.Pattern AWS_QUEUE = java.util.regex.Pattern
            .compile("^https?://(?:sqs\\.([a-z0-9-]+)|([a-z0-9-]+)\\.queue)\\.amazonaws\\.com(?:\\.cn)?/.*");

    /** sqs.REGION.amazonaws.com (or the older REGION.queue.amazonaws.com); anything else, us-east-1. */
    static String queueRegion(String queueUrl) {
        if (queueUrl != null) {
            java.util.regex.Matcher m = AWS_QUEUE.matcher(queueUrl);
            if (m.matches()) {
                return m.group(1) != null ? m.group(1) : m.group(2);
            }
        }
        return "us-east-1";
    }

    private static void positive(String key, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + ": must be longer than zero");
        }
    }

    private static void notNegative(String key, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(key + ": must not be negative");
        }
    }

    public boolean bounded() {
        return sourceType == TrailflowOptions.SourceType.files && monitorInterval == null && sqsQueueUrl == null;
    }

    /** A bounded run in Flink's BATCH mode; a checkpointed backfill streams. */
    public boolean batch() {
        return bounded() && backfillMode == TrailflowOptions.BackfillMode.batch;
    }

    public boolean rawEnabled() {
        return !rawIndex.isEmpty();
    }

    public boolean insightsEnabled() {
        return !insightsIndex.isEmpty();
    }

    /** The password, for the one place that builds the HTTP client. */
    public String opensearchPassword() {
        return opensearchPassword;
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("source.type", sourceType);
        if (sourceType == TrailflowOptions.SourceType.files) {
            shown.put("source.paths", sourcePaths);
            shown.put("source.monitor-interval", monitorInterval);
            shown.put("source.start-time", sourceStart);
            shown.put("source.end-time", sourceEnd);
            shown.put("source.backfill-mode", backfillMode);
            if (sqsQueueUrl != null) {
                shown.put("source.sqs.queue-url", sqsQueueUrl);
                shown.put("source.sqs.endpoint", sqsEndpoint);
                shown.put("source.sqs.region", sqsRegion);
                shown.put("source.sqs.visibility-timeout", sqsVisibilityTimeout);
            }
        } else {
            shown.put("source.kinesis.stream", kinesisStream);
            shown.put("source.kinesis.region", kinesisRegion);
            shown.put("source.kinesis.endpoint", kinesisEndpoint);
            shown.put("source.kinesis.initial-position", kinesisInitialPosition);
            shown.put("source.kinesis.initial-timestamp", kinesisInitialTimestamp);
            shown.put("source.kinesis.efo-consumer-name", kinesisEfoConsumer);
        }
        shown.put("window.size", windowSize);
        shown.put("window.watermark-delay", watermarkDelay);
        shown.put("window.allowed-lateness", allowedLateness);
        shown.put("window.idle-timeout", idleTimeout);
        shown.put("opensearch.hosts", opensearchHosts);
        shown.put("opensearch.username", opensearchUsername);
        shown.put("opensearch.password", opensearchPassword == null ? null : "******");
        shown.put("opensearch.ca-file", opensearchCaFile);
        shown.put("opensearch.aws-sigv4-region", sigv4Region);
        shown.put("opensearch.raw-index", rawIndex);
        shown.put("opensearch.rollup-index", rollupIndex);
        shown.put("opensearch.deadletter-index", deadLetterIndex);
        shown.put("opensearch.insights-index", insightsIndex);
        shown.put("parallelism", parallelism);
        return shown.toString();
    }

}
