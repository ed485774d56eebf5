package dev.trailflow.job.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobSettingsTest {

    private static JobSettings parse(String... args) {
        return JobSettings.fromArgs(args);
    }

    private static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> parse(args)).getMessage();
    }

    @Test
    void defaultsAreTheSpecs() {
        JobSettings s = parse("--source.paths", "s3://trail/AWSLogs/");
        assertEquals(TrailflowOptions.SourceType.files, s.sourceType);
        assertTrue(s.bounded());
        assertEquals(Duration.ofMinutes(5), s.windowSize);
        assertEquals(Duration.ofMinutes(1), s.watermarkDelay);
        assertEquals(Duration.ofMinutes(15), s.allowedLateness);
        assertEquals(Duration.ofMinutes(1), s.idleTimeout);
        assertEquals("http://127.0.0.1:9200", s.opensearchHosts.get(0).toString());
        assertEquals("cloudtrail-{yyyy.MM.dd}", s.rawIndex);
        assertEquals("cloudtrail-rollups", s.rollupIndex);
        assertEquals("cloudtrail-deadletter", s.deadLetterIndex);
        assertNull(s.parallelism);
    }

    @Test
    void commandLineValuesAreTyped() {
        JobSettings s = parse("--source.paths", "s3://a/x, file:///tmp/y", "--source.monitor-interval", "30 s",
                "--window.size", "1 min", "--opensearch.hosts", "http://h1:9200,https://h2", "--opensearch.raw-index", "",
                "--opensearch.bulk.max-size", "8mb", "--parallelism", "4");
        assertEquals(2, s.sourcePaths.size());
        assertEquals("file:///tmp/y", s.sourcePaths.get(1));
        assertFalse(s.bounded());
        assertEquals(Duration.ofSeconds(30), s.monitorInterval);
        assertEquals(Duration.ofMinutes(1), s.windowSize);
        assertEquals(2, s.opensearchHosts.size());
        assertFalse(s.rawEnabled());
        assertEquals(8, s.bulkMaxSize.getMebiBytes());
        assertEquals(4, s.parallelism);
    }

    @Test
    void anSqsQueueMakesAStreamingRunWhoseRegionAndEndpointFollowTheQueueUrl() {
        JobSettings aws = parse("--source.paths", "s3://trail/AWSLogs/", "--source.sqs.queue-url",
                "https://sqs.eu-west-3.amazonaws.com/123456789012/trail-files");
        assertFalse(aws.bounded());
        assertEquals("eu-west-3", aws.sqsRegion);
        assertNull(aws.sqsEndpoint, "AWS's own endpoint for the region");
        assertEquals(Duration.ofMinutes(5), aws.sqsVisibilityTimeout);

        JobSettings local = parse("--source.paths", "s3a://trail", "--source.sqs.queue-url",
                "http://127.0.0.1:9324/000000000000/trail-files", "--source.sqs.visibility-timeout", "30 s");
        assertEquals("us-east-1", local.sqsRegion);
        assertEquals("http://127.0.0.1:9324", local.sqsEndpoint, "a queue URL of another server names the endpoint");
        assertEquals(Duration.ofSeconds(30), local.sqsVisibilityTimeout);

        JobSettings vpc = parse("--source.paths", "s3://trail/", "--source.sqs.queue-url",
                "https://sqs.us-west-2.amazonaws.com/1/q", "--source.sqs.endpoint", "https://vpce-1.sqs.us-west-2.vpce.amazonaws.com",
                "--source.sqs.region", "us-west-2");
        assertEquals("https://vpce-1.sqs.us-west-2.vpce.amazonaws.com", vpc.sqsEndpoint);
    }

    @Test
    void anSqsQueueRefusesWhatOnlyListingMeans() {
        String queue = "https://sqs.us-east-1.amazonaws.com/1/q";
        assertTrue(error("--source.paths", "s3://t/", "--source.sqs.queue-url", queue, "--source.monitor-interval", "1 min")
                .startsWith("source.sqs.queue-url excludes source.monitor-interval"));
        assertTrue(error("--source.paths", "s3://t/", "--source.sqs.queue-url", queue, "--source.start-time",
                "2024-09-26T00:00:00Z").startsWith("source.sqs.queue-url excludes"));
        assertTrue(error("--source.paths", "/var/trail", "--source.sqs.queue-url", queue)
                .startsWith("source.paths: '/var/trail' with source.sqs.queue-url"));
        assertTrue(error("--source.paths", "s3://t/", "--source.sqs.queue-url", "trail-files")
                .startsWith("source.sqs.queue-url: 'trail-files' is not a URL"));
        assertTrue(error("--source.paths", "s3://t/", "--source.sqs.queue-url", queue, "--source.sqs.visibility-timeout",
                "2 s").startsWith("source.sqs.visibility-timeout: '"));
        assertTrue(error("--source.type", "kinesis", "--source.kinesis.stream-arn",
                "arn:aws:kinesis:us-east-1:1:stream/s", "--source.sqs.queue-url", queue)
                .startsWith("source.sqs.queue-url: for source.type files"));
    }

    @Test
    void badValuesNameTheKeyAndWhatIsAccepted() {
        assertTrue(error("--source.paths", "x", "--window.size", "five").startsWith("window.size: 'five'"));
        assertTrue(error("--source.paths", "x", "--window.size", "7 min").contains("divides 24 h"));
        assertTrue(error("--source.paths", "x", "--source.type", "kafka").contains("files or kinesis"));
        assertTrue(error("--source.paths", "x", "--opensearch.hosts", "ftp://x").contains("opensearch.hosts"));
        assertTrue(error("--source.paths", "x", "--opensearch.rollup-index", "Rollups").contains("opensearch.rollup-index"));
        assertTrue(error("--source.paths", "x", "--parallelism", "0").contains("parallelism"));
        assertTrue(error("--source.paths", "x", "--window.sise", "1 min").contains("unknown option window.sise"));
        assertTrue(error().startsWith("source.paths: required"));
        assertTrue(error("--source.paths").contains("needs a value"));
        assertTrue(error("--source.paths", "x", "--opensearch.username", "u").contains("go together"));
    }

    @Test
    void insightsHaveTheirIndexUnlessItIsEmpty() {
        assertEquals("cloudtrail-insights", parse("--source.paths", "x").insightsIndex);
        assertTrue(parse("--source.paths", "x").insightsEnabled());
        assertFalse(parse("--source.paths", "x", "--opensearch.insights-index", "").insightsEnabled());
        assertThrows(IllegalArgumentException.class, () -> parse("--source.paths", "x", "--opensearch.insights-index", "Bad*"));
        assertThrows(IllegalArgumentException.class, () -> parse("--source.paths", "x", "--opensearch.insights-index",
                "insights-{yyyy.MM.dd}"));
    }

    @Test
    void thePasswordNeverAppearsInWhatIsLogged() {
        JobSettings s = parse("--source.paths", "x", "--opensearch.username", "ingest", "--opensearch.password", "s3cr3t-pw");
        assertFalse(s.toString().contains("s3cr3t-pw"), s.toString());
        assertTrue(s.toString().contains("ingest"));
        assertEquals("s3cr3t-pw", s.opensearchPassword());
    }

    @Test
    void theReadmeListsEveryOptionAsTheClassDescribesIt() throws IOException {
        String readme = new String(Files.readAllBytes(Paths.get("../README.md")), StandardCharsets.UTF_8);
        for (String line : OptionsTable.markdown().split("\n")) {
            assertTrue(readme.contains(line), "README lacks or has an outdated line: " + line);
        }
    }

    @Test
    void aKinesisStreamIsNamedByItsArnOrByNameAndRegion() {
        JobSettings s = parse("--source.type", "kinesis", "--source.kinesis.stream-arn",
                "arn:aws:kinesis:eu-west-1:111122223333:stream/cloudtrail-cwl");
        assertEquals("cloudtrail-cwl", s.kinesisStream);
        assertEquals("eu-west-1", s.kinesisRegion);
        assertFalse(s.bounded(), "a stream never ends");
        assertEquals(TrailflowOptions.InitialPosition.LATEST, s.kinesisInitialPosition);
        assertEquals("us-east-2", parse("--source.type", "kinesis", "--source.kinesis.stream-arn",
                "arn:aws-us-gov:kinesis:us-gov-west-1:1:stream/s", "--source.kinesis.region", "us-east-2").kinesisRegion);
        JobSettings named = parse("--source.type", "kinesis", "--source.kinesis.stream-arn", "trail",
                "--source.kinesis.region", "us-east-1", "--source.kinesis.initial-position", "AT_TIMESTAMP",
                "--source.kinesis.initial-timestamp", "2024-09-27T01:00:00+02:00");
        assertEquals("trail", named.kinesisStream);
        assertEquals(java.time.Instant.parse("2024-09-26T23:00:00Z"), named.kinesisInitialTimestamp);
        assertTrue(named.toString().contains("source.kinesis.stream=trail"));
    }

    @Test
    void kinesisMistakesFailAtStartNamingTheKey() {
        assertTrue(error("--source.type", "kinesis").startsWith("source.kinesis.stream-arn: required"));
        assertTrue(error("--source.type", "kinesis", "--source.kinesis.stream-arn", "arn:aws:sqs:us-east-1:1:queue/q")
                .startsWith("source.kinesis.stream-arn: 'arn:aws:sqs"));
        assertTrue(error("--source.type", "kinesis", "--source.kinesis.stream-arn", "trail")
                .startsWith("source.kinesis.region: required"));
        assertTrue(error("--source.type", "kinesis", "--source.kinesis.stream-arn", "bad name!", "--source.kinesis.region",
                "us-east-1").contains("is not a stream name"));
        String arn = "arn:aws:kinesis:us-east-1:1:stream/s";
        assertTrue(error("--source.type", "kinesis", "--source.kinesis.stream-arn", arn,
                "--source.kinesis.initial-position", "AT_TIMESTAMP").startsWith("source.kinesis.initial-timestamp"));
        assertTrue(error("--source.type", "kinesis", "--source.kinesis.stream-arn", arn,
                "--source.kinesis.initial-position", "EARLIEST").contains("LATEST, TRIM_HORIZON or AT_TIMESTAMP"));
        assertTrue(error("--source.type", "kinesis", "--source.kinesis.stream-arn", arn,
                "--source.kinesis.initial-position", "AT_TIMESTAMP", "--source.kinesis.initial-timestamp", "yesterday")
                .startsWith("source.kinesis.initial-timestamp: 'yesterday'"));
        assertTrue(error("--source.type", "kinesis", "--source.kinesis.stream-arn", arn, "--source.kinesis.endpoint",
                "127.0.0.1:4567").startsWith("source.kinesis.endpoint"));
        assertTrue(error("--source.type", "kinesis", "--source.kinesis.stream-arn", arn, "--source.paths", "s3://b/")
                .contains("for source.type files"));
    }

    @Test
    void aCaFileMustHoldCertificates() throws IOException {
        java.nio.file.Path notPem = Files.createTempFile("not-a-ca", ".pem");
        try {
            Files.write(notPem, "hello".getBytes(StandardCharsets.UTF_8));
            assertTrue(error("--source.paths", "x", "--opensearch.ca-file", notPem.toString())
                    .startsWith("opensearch.ca-file: '" + notPem + "' holds no X.509 certificate"));
            assertTrue(error("--source.paths", "x", "--opensearch.ca-file", notPem + ".missing")
                    .startsWith("opensearch.ca-file: cannot read"));
        } finally {
            Files.delete(notPem);
        }
    }

    @Test
    void sigV4AndBasicAuthExcludeEachOther() {
        JobSettings s = parse("--source.paths", "x", "--opensearch.aws-sigv4-region", "eu-central-1");
        assertEquals("eu-central-1", s.sigv4Region);
        assertEquals("es", s.sigv4Service);
        assertTrue(error("--source.paths", "x", "--opensearch.aws-sigv4-region", "us-east-1", "--opensearch.username", "u",
                "--opensearch.password", "p").contains("exclude each other"));
        assertTrue(error("--source.paths", "x", "--opensearch.aws-sigv4-region", "Frankfurt")
                .startsWith("opensearch.aws-sigv4-region: 'Frankfurt'"));
        assertTrue(error("--source.paths", "x", "--opensearch.aws-sigv4-region", "us-east-1",
                "--opensearch.aws-sigv4-service", "s3").contains("accepted: es, aoss"));
    }
}
