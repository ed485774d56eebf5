package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.sinks.IndexTemplates;
import dev.trailflow.job.sinks.OpenSearchAccessException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against the real OpenSearch security plugin (bin/opensearch start --secure): HTTPS with
 * the instance's own CA, an internal user holding exactly the documented role
 * (security/trailflow-writer-role.json). With it a backfill and a checkpointed stream write
 * everything; without any one of its permissions the job stops, without restarting, with a line
 * naming what is missing, and writes nothing it should not; a wrong password and an untrusted
 * certificate stop it at start; the password is in no log line.
 */
class SecurityPluginITCase extends JobITBase {

    private static final ObjectMapper M = new ObjectMapper();
    static final String USER = "trailflow-writer";
    /** Strong enough for the plugin's password rules; looked for in every log line. */
    static final String PASSWORD = "Wr1ter-7qZ-never-logged";

    @TempDir
    static Path dir;
    static OpenSearchIt secure;
    static ObjectNode role;
    static Path small;
    static long smallEvents;

    @BeforeAll
    static void servers() throws IOException {
        secure = OpenSearchIt.secure();
        role = (ObjectNode) M.readTree(Files.readAllBytes(Paths.get("../security/trailflow-writer-role.json")));
        small = dir.resolve("small");
        smallEvents = ExpectedOutput.generateFiles(new GeneratorConfig().events(300).seed(5).span(Duration.ofMinutes(30)),
                small, 300_000).events;
        plantBadFiles(small);
        // One Insights event, so that the permission on the Insights index is exercised too.
        Path insights = small.resolve("AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/09/27");
        Files.createDirectories(insights);
        Files.write(insights.resolve("111122223333_CloudTrail-Insight_us-east-1_20240927T2005Z_planted.json"),
                ("{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-09-27T20:00:00Z\",\"awsRegion\":\"us-east-1\","
                + "\"eventID\":\"5b1c9d4e-0000-4000-8000-000000000001\",\"eventType\":\"AwsCloudTrailInsight\","
                + "\"recipientAccountId\":\"111122223333\",\"sharedEventID\":\"5b1c9d4e-0000-4000-8000-000000000002\","
                + "\"insightDetails\":{\"state\":\"Start\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"RunInstances\","
                + "\"insightType\":\"ApiCallRateInsight\"},\"eventCategory\":\"Insight\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void close() throws IOException {
        if (secure != null) {
            secure.close();
        }
    }

    /** The role's index patterns are the default index names: every test starts from none of them. */
    @BeforeEach
    void clean() throws IOException {
        secure.deleteIndices("cloudtrail-*");
    }

    /** A file cut in the middle and an S3 notification: two dead letters. */
    static void plantBadFiles(Path in) throws IOException {
        Path day = in.resolve("AWSLogs/111122223333/CloudTrail/us-east-1/2024/09/27");
        Files.createDirectories(day);
        Files.write(day.resolve("planted_cut.json"), "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTi"
                .getBytes(StandardCharsets.UTF_8));
        Files.write(day.resolve("planted_notification.json"), ("{\"Records\":[{\"eventVersion\":\"2.1\","
                + "\"eventSource\":\"aws:s3\",\"eventTime\":\"2024-09-27T20:00:00.000Z\",\"eventName\":\"ObjectCreated:Put\"}]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    static JobSettings settings(Path in, String password, Path ca, String... more) {
        List<String> args = new ArrayList<>(List.of("--source.paths", in.toString(), "--opensearch.hosts", secure.url,
                "--opensearch.username", USER, "--opensearch.password", password, "--parallelism", "2"));
        if (ca != null) {
            args.addAll(List.of("--opensearch.ca-file", ca.toString()));
        }
        args.addAll(List.of(more));
        return JobSettings.fromArgs(args.toArray(new String[0]));
    }

    @Test
    void aBackfillWithExactlyTheRoleWritesEverythingOnceWithItsDeadLettersAndLogsNoPassword() throws Exception {
        secure.grant(USER, PASSWORD, role.toString());
        Path in = dir.resolve("backfill");
        ExpectedOutput expected = ExpectedOutput.generateFiles(new GeneratorConfig().events(3_000).seed(71)
                .span(Duration.ofHours(1)), in, 300_000);
        plantBadFiles(in);
        try (CapturedLogs logs = new CapturedLogs()) {
            TrailflowJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), settings(in, PASSWORD, secure.caFile));
            assertTrue(logs.anyHolds("trailflow starting with"), "the logs were captured");
            assertFalse(logs.anyHolds(PASSWORD), "the password is in no log line");
        }
        assertEquals(expected.events, secure.count("cloudtrail-2*"), "every event once");
        Map<List<String>, Long> written = ExpectedOutput.written(secure, "cloudtrail-rollups");
        assertTrue(expected.rollups.equals(written), () -> ExpectedOutput.diff(expected.rollups, written));
        assertEquals(Map.of("json_syntax", 1L, "not_cloudtrail", 1L), secure.reasons("cloudtrail-deadletter"));
    }

    @Test
    void aCheckpointedStreamWithTheRoleComesBackFromAFailureWithEveryEventOnce() throws Exception {
        secure.grant(USER, PASSWORD, role.toString());
        Path in = dir.resolve("stream");
        ExpectedOutput expected = ExpectedOutput.generateFiles(new GeneratorConfig().events(4_000).seed(43)
                .lateFraction(0).span(Duration.ofHours(30)), in, 60_000);
        Path marker = dir.resolve("stream-failed-once");
        JobSettings s = settings(in, PASSWORD, secure.caFile, "--source.backfill-mode", "checkpointed",
                "--source.start-time", "2024-09-26T00:00:00Z", "--source.end-time", "2024-10-01T00:00:00Z",
                "--window.size", "1 min", "--window.watermark-delay", "10 s", "--window.idle-timeout", "10 s",
                "--checkpoint.interval", "200 ms", "--opensearch.bulk.interval", "200 ms");
        assertFalse(s.batch());
        FailOnce.recordsAtFailure = -1;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrailflowJob.prepare(env, s, new FailOnce.Sinks(s, marker.toString(), true, 500));
        env.execute(TrailflowJob.name(s));
        assertTrue(Files.exists(marker) && FailOnce.recordsAtFailure > 0, "the job failed once and came back");
        assertEquals(expected.events, secure.count("cloudtrail-2*"), "every event once");
        Map<List<String>, Long> written = ExpectedOutput.written(secure, "cloudtrail-rollups");
        assertTrue(expected.rollups.equals(written), () -> ExpectedOutput.diff(expected.rollups, written));
    }

    /**
     * Each permission, and each index pattern the job writes here, taken out of the role in turn: the
     * job stops with a line naming it. Not at start for most: only a write shows that one is missing.
     * A restart would be refused alike, so none happens (the run returns); no document becomes a dead
     * letter for a refusal that is not its fault.
     */
    @Test
    @Timeout(300)
    void withoutAnyOneOfItsPermissionsTheJobStopsNamingIt() throws Exception {
        List<String[]> cases = new ArrayList<>();
        for (JsonNode p : role.get("cluster_permissions")) {
            cases.add(new String[] {"cluster_permissions", p.asText(), p.asText()});
        }
        for (JsonNode p : role.get("index_permissions").get(0).get("allowed_actions")) {
            cases.add(new String[] {"allowed_actions", p.asText(), p.asText()});
        }
        cases.add(new String[] {"index_patterns", "cloudtrail-????.??.??", "on cloudtrail-2024.09.2"});
        cases.add(new String[] {"index_patterns", "cloudtrail-rollups", "on cloudtrail-rollups"});
        cases.add(new String[] {"index_patterns", "cloudtrail-deadletter", "on cloudtrail-deadletter"});
        cases.add(new String[] {"index_patterns", "cloudtrail-insights*", "on cloudtrail-insights"});
        try (CapturedLogs logs = new CapturedLogs()) {
            for (String[] c : cases) {
                stopsNamingIt(c);
            }
            assertTrue(logs.anyHolds("denied user " + USER), "the logs were captured");
            assertFalse(logs.anyHolds(PASSWORD), "the password is in no log line, nor in any stack trace logged");
        }
    }

    /** One case: {where in the role, what to take out, what the message must name}. */
    private void stopsNamingIt(String[] c) throws Exception {
        clean();
        ObjectNode without = role.deepCopy();
        ArrayNode list = (ArrayNode) ("cluster_permissions".equals(c[0]) ? without.get(c[0])
                : without.get("index_permissions").get(0).get(c[0]));
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).asText().equals(c[1])) {
                list.remove(i);
            }
        }
        secure.grant(USER, PASSWORD, without.toString());
        String what = "without " + c[1];
        Exception e = assertThrows(Exception.class, () -> TrailflowJob.run(StreamExecutionEnvironment
                .getExecutionEnvironment(), settings(small, PASSWORD, secure.caFile, "--opensearch.bulk.interval",
                        "200 ms")), what);
        Optional<OpenSearchAccessException> access = OpenSearchAccessException.in(e);
        if (access.isEmpty()) {
            fail(what + ": not stopped for access", e);
        }
        String message = access.get().getMessage();
        assertTrue(message.contains(c[2]) && message.contains("denied user " + USER), what + ": " + message);
        assertFalse(message.contains("\n") || message.contains(PASSWORD), what + ": " + message);
        assertEquals(0, secure.reasons("cloudtrail-deadletter").getOrDefault("opensearch_rejected", 0L), what);
    }

    /**
     * security/trailflow-writer-role-no-templates.json: with opensearch.install-templates false it is
     * enough; with templates to install, the job stops at start saying which of the two to change.
     */
    @Test
    void theRoleWithoutTemplatesIsEnoughWhenTheJobInstallsNone() throws Exception {
        secure.grant(USER, PASSWORD, role.toString());
        IndexTemplates.install(settings(small, PASSWORD, secure.caFile)); // as an administrator would, once
        secure.grant(USER, PASSWORD, new String(Files.readAllBytes(Paths.get(
                "../security/trailflow-writer-role-no-templates.json")), StandardCharsets.UTF_8));
        Exception e = assertThrows(OpenSearchAccessException.class, () -> TrailflowJob.run(
                StreamExecutionEnvironment.getExecutionEnvironment(), settings(small, PASSWORD, secure.caFile)));
        assertTrue(e.getMessage().contains("indices:admin/index_template/put")
                && e.getMessage().contains("opensearch.install-templates false"), e.getMessage());
        TrailflowJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), settings(small, PASSWORD, secure.caFile,
                "--opensearch.install-templates", "false"));
        assertEquals(smallEvents, secure.count("cloudtrail-2*"));
        assertEquals(Map.of("json_syntax", 1L, "not_cloudtrail", 1L), secure.reasons("cloudtrail-deadletter"));
    }

    @Test
    void aWrongPasswordStopsAtStartWith401NamingTheOptionsNotTheSecret() throws Exception {
        secure.grant(USER, PASSWORD, role.toString());
        String wrong = "Wrong-pw-51a7-xyz";
        JobSettings s = settings(small, wrong, secure.caFile);
        try (CapturedLogs logs = new CapturedLogs()) {
            Exception e = assertThrows(OpenSearchAccessException.class, () -> TrailflowJob.prepare(
                    StreamExecutionEnvironment.getExecutionEnvironment(), s, new TrailflowJob.OpenSearchOutputs(s)));
            assertTrue(e.getMessage().contains("(401)") && e.getMessage().contains("opensearch.password")
                    && e.getMessage().contains(USER), e.getMessage());
            assertFalse(e.getMessage().contains(wrong));
            assertFalse(logs.anyHolds(wrong), "the password is in no log line");
        }
    }

    @Test
    void anUntrustedCertificateStopsAtStartSayingWhatToSet() throws Exception {
        // A CA of its own that signed nothing here (its key thrown away), and the JVM's trusted authorities.
        Path other = Paths.get(getClass().getResource("/untrusted-ca.pem").toURI());
        for (Path ca : new Path[] {other, null}) {
            JobSettings s = settings(small, PASSWORD, ca);
            Exception e = assertThrows(OpenSearchAccessException.class, () -> TrailflowJob.prepare(
                    StreamExecutionEnvironment.getExecutionEnvironment(), s, new TrailflowJob.OpenSearchOutputs(s)));
            assertTrue(e.getMessage().contains("TLS failed") && e.getMessage().contains("opensearch.ca-file"),
                    e.getMessage());
        }
    }
}
