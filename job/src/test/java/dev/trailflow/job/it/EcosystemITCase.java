package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailflow.generate.CloudTrailGenerator;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.sinks.EcosystemFields;
import dev.trailflow.udfs.flatten.PromotedFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bounded run (parallelism 2) over generated traffic with Insights, the public Insights examples,
 * an event per Security Analytics field and payloads that change type, against the real OpenSearch:
 * Insights land in their index (not raw, not rollups, not dead letters) and are counted; every field
 * a cloudtrail detector uses answers a term query and is in the mapping; no payload is refused; the
 * AWS CloudTrail integration's aws.cloudtrail.* names resolve.
 */
class EcosystemITCase {

    static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final ObjectMapper M = new ObjectMapper();
    static final Path SAMPLES = Paths.get(System.getProperty("trailflow.samples", "../../shared/cloudtrail-samples"));
    static final String RAW = "iteco-raw-*";
    static final String ROLLUPS = "iteco-rollups";
    static final String DEAD = "iteco-dead";
    static final String INSIGHTS = "iteco-insights";

    /**
     * Security Analytics' cloudtrail log type (src/main/resources/OSMapping/cloudtrail_logtype.json):
     * its 43 raw fields, {@code resources[].ARN} written as the path it is in a document.
     */
    static final List<String> LOG_TYPE_FIELDS = List.of("eventName", "eventSource", "eventVersion", "eventID",
            "eventType", "eventCategory", "errorMessage", "errorCode", "apiVersion", "awsRegion",
            "additionalEventData.LoginTo", "additionalEventData.MFAUsed", "responseElements", "requestID",
            "sourceIPAddress", "userAgent", "vpcEndpointId", "responseElements.pendingModifiedValues.masterUserPassword",
            "responseElements.publiclyAccessible", "responseElements.ConsoleLogin", "requestParameters.arn",
            "requestParameters.attribute", "requestParameters.userName", "requestParameters.roleArn",
            "requestParameters.roleSessionName", "requestParameters.containerDefinitions.command", "userIdentity.type",
            "userIdentity.principalId", "userIdentity.arn", "userIdentity.accountId", "userIdentity.accessKeyId",
            "userIdentity.identityProvider", "userIdentity.userName", "userIdentity.invokedBy",
            "userIdentity.sessionContext.sessionIssuer.type", "userIdentity.sessionContext.sessionIssuer.arn",
            "userIdentity.sessionContext.attributes.creationDate", "userIdentity.sessionContext.attributes.mfaAuthenticated",
            "userIdentity.webIdFederationData.federatedProvider", "resources.ARN", "resources.accountId", "resources.type",
            "eventTime");

    /**
     * The fields the detection blocks of its 40 cloudtrail rules (src/main/config/rules/cloudtrail/) name
     * that the log type does not: the whole request parameters (|contains). Their other fields are above,
     * except {@code type} (aws_enum_buckets.yml), which no CloudTrail event has.
     */
    static final List<String> RULE_ONLY_FIELDS = List.of("requestParameters");

    /**
     * Fields whose detector name is not in the mapping, and why (docs/ecosystem.md): the log type gives
     * ConsoleLogin the name it gives publiclyAccessible, and responseElements' name is a text copy of the
     * whole payload, which the raw index does not keep twice.
     */
    static final Set<String> NOT_ALIASED = Set.of("responseElements.ConsoleLogin", "responseElements");

    static OpenSearchIt os;
    static final Set<String> insightIds = new TreeSet<>();
    static final Map<String, String> saDocByField = new LinkedHashMap<>();
    static final Map<String, String> saValueByField = new HashMap<>();
    static final List<String> typeChangeIds = new ArrayList<>();
    static ExpectedOutput expected;
    static final Map<String, byte[]> insightFiles = new LinkedHashMap<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void run() throws Exception {
        os = OpenSearchIt.connect();
        assumeTrue(Files.isDirectory(SAMPLES), "shared CloudTrail samples not found at " + SAMPLES);
        os.deleteIndices("iteco-*");
        expected = new ExpectedOutput(300_000);

        // Generated traffic with 6 Insights pairs under CloudTrail-Insight/.
        new CloudTrailGenerator().generate(new GeneratorConfig().events(1_000).span(Duration.ofHours(1)).insightPairs(6)
                .seed(14).gzip(false), (key, delivered, json) -> {
                    if (key.contains("/CloudTrail-Insight/")) {
                        M.readTree(json).path("Records").forEach(e -> insightIds.add(e.get("eventID").asText()));
                        insightFiles.put(key.substring(key.lastIndexOf('/') + 1), json);
                    } else if (!key.contains("CloudTrail-Digest")) {
                        expected.addLogFile(json);
                    }
                    write(key, json);
                });
        // The public examples: AWS's documentation (NDJSON lines), a Records file of the OpenTelemetry
        // collector's tests, and StreamAlert's fixture (its Records file inside a test wrapper).
        StringBuilder documented = new StringBuilder();
        for (String line : Files.readAllLines(SAMPLES.resolve("awsdocs/cloudtrail_examples.ndjson"), StandardCharsets.UTF_8)) {
            if (line.contains("\"AwsCloudTrailInsight\"")) {
                documented.append(line).append('\n');
                insightIds.add(M.readTree(line).get("eventID").asText());
            }
        }
        write("public/awsdocs-insights.json", documented.toString().getBytes(StandardCharsets.UTF_8));
        insightFiles.put("awsdocs-insights.json", documented.toString().getBytes(StandardCharsets.UTF_8));
        byte[] otel = Files.readAllBytes(SAMPLES.resolve("otel-contrib/cloudtrail_log.compact.json"));
        for (JsonNode e : M.readTree(otel).path("Records")) {
            if ("AwsCloudTrailInsight".equals(e.path("eventType").asText())) {
                insightIds.add(e.get("eventID").asText());
            } else {
                expected.add(e);
            }
        }
        write("public/otel.json", otel);
        JsonNode streamalert = M.readTree(SAMPLES.resolve("streamalert/cloudtrail_insights.json").toFile()).get(0).get("data");
        streamalert.path("Records").forEach(e -> insightIds.add(e.get("eventID").asText()));
        write("public/streamalert.json", M.writeValueAsBytes(streamalert));
        insightFiles.put("streamalert.json", M.writeValueAsBytes(streamalert));
        insightFiles.put("otel.json", otel);

        ArrayNode records = M.createArrayNode();
        List<String> fields = new ArrayList<>(LOG_TYPE_FIELDS);
        fields.addAll(RULE_ONLY_FIELDS);
        for (String f : fields) {
            String id = "sa-" + saDocByField.size();
            String value = f.equals("eventTime") ? "2024-09-27T00:30:0" + (saDocByField.size() % 10) + "Z"
                    : f.equals("eventID") ? id : "v-" + f.replace('.', '-');
            ObjectNode e = base(id);
            set(e, f, value);
            saDocByField.put(f, id);
            saValueByField.put(f, value);
            records.add(e);
        }
        for (ObjectNode e : typeChanges()) {
            typeChangeIds.add(e.get("eventID").asText());
            records.add(e);
        }
        records.forEach(expected::add);
        ObjectNode file = M.createObjectNode();
        file.set("Records", records);
        write("AWSLogs/123456789012/CloudTrail/us-east-1/2024/09/27/123456789012_CloudTrail_us-east-1_20240927T0035Z_sa.json",
                M.writeValueAsBytes(file));

        long began = System.nanoTime();
        TrailflowJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), JobSettings.fromArgs(new String[] {
            "--source.paths", dir.toString(), "--opensearch.hosts", os.url, "--parallelism", "2",
            "--opensearch.raw-index", "iteco-raw-{yyyy.MM.dd}", "--opensearch.rollup-index", ROLLUPS,
            "--opensearch.deadletter-index", DEAD, "--opensearch.insights-index", INSIGHTS,
            "--opensearch.refresh-interval", "1s"}));
        System.out.printf("EcosystemITCase: job ran in %.1f s%n", (System.nanoTime() - began) / 1e9);
    }

    @AfterAll
    static void close() throws IOException {
        if (os != null) {
            os.close();
        }
    }

    private static void write(String key, byte[] json) throws IOException {
        Path f = dir.resolve(key);
        Files.createDirectories(f.getParent());
        Files.write(f, json);
    }

    private static ObjectNode base(String id) {
        ObjectNode e = M.createObjectNode();
        e.put("eventVersion", "1.09");
        e.putObject("userIdentity").put("type", "IAMUser").put("accountId", "123456789012");
        e.put("eventTime", "2024-09-27T00:31:00Z");
        e.put("eventSource", "ec2.amazonaws.com");
        e.put("eventName", "DescribeInstanceAttribute");
        e.put("awsRegion", "us-east-1");
        e.put("eventID", id);
        return e;
    }

    /** Sets a dotted path, the way CloudTrail nests it: containerDefinitions and resources are arrays of objects. */
    private static void set(ObjectNode e, String path, String value) {
        String[] steps = path.split("\\.");
        ObjectNode at = e;
        for (int i = 0; i < steps.length - 1; i++) {
            if (steps[i].equals("containerDefinitions") || steps[i].equals("resources")) {
                ArrayNode list = at.has(steps[i]) ? (ArrayNode) at.get(steps[i]) : at.putArray(steps[i]);
                at = list.size() > 0 ? (ObjectNode) list.get(0) : list.addObject();
            } else {
                at = at.has(steps[i]) && at.get(steps[i]).isObject() ? (ObjectNode) at.get(steps[i]) : at.putObject(steps[i]);
            }
        }
        String last = steps[steps.length - 1];
        if (last.equals("command")) {
            at.putArray(last).add("sh").add(value);
        } else if (steps.length == 1 && (last.equals("requestParameters") || last.equals("responseElements"))) {
            at.putObject(last).put("status", value);
        } else {
            at.put(last, value);
        }
    }

    /** The same payload paths with other JSON types, in every combination the rules' fields meet. */
    private static List<ObjectNode> typeChanges() throws IOException {
        String[] payloads = {
            "{\"requestParameters\":\"userData\"}", "{\"requestParameters\":42}", "{\"requestParameters\":[\"a\",1]}",
            "{\"requestParameters\":[{\"attribute\":{\"deep\":[1,{\"x\":true}]}}, {\"attribute\":7}]}",
            "{\"requestParameters\":{\"attribute\":[\"a\",{\"b\":1}],\"containerDefinitions\":\"none\"}}",
            "{\"requestParameters\":{\"containerDefinitions\":[{\"command\":{\"sh\":\"x\"}},{\"command\":[[\"nested\"]]}]}}",
            "{\"responseElements\":{\"publiclyAccessible\":{\"value\":true},\"pendingModifiedValues\":\"****\"}}",
            "{\"responseElements\":{\"publiclyAccessible\":false,\"ConsoleLogin\":{\"ok\":1}}}",
            "{\"additionalEventData\":{\"MFAUsed\":true,\"LoginTo\":{\"url\":\"https://console\"}}}",
            "{\"additionalEventData\":false,\"serviceEventDetails\":\"text\"}",
        };
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            ObjectNode e = base("tc-" + i);
            e.setAll((ObjectNode) M.readTree(payloads[i]));
            out.add(e);
        }
        return out;
    }

    private static long hits(String index, String query) throws IOException {
        os.call("POST", "/" + index + "/_refresh", null);
        return os.call("POST", "/" + index + "/_search?size=0&track_total_hits=true", "{\"query\":" + query + "}")
                .path("hits").path("total").path("value").asLong();
    }

    private static List<String> ids(String index, String query) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode h : os.call("POST", "/" + index + "/_search?size=100", "{\"query\":" + query + "}").path("hits").path("hits")) {
            out.add(h.get("_id").asText());
        }
        return out;
    }

    private static String term(String field, String value) throws IOException {
        return "{\"term\":{" + M.writeValueAsString(field) + ":" + M.writeValueAsString(value) + "}}";
    }

    /** The leaf mapping of a field (an alias, a keyword...), or a missing node. */
    private static JsonNode mapping(String index, String field) throws IOException {
        for (JsonNode i : os.call("GET", "/" + index + "/_mapping/field/" + field, null)) {
            JsonNode m = i.path("mappings").path(field).path("mapping");
            if (m.size() > 0) {
                return m.elements().next();
            }
        }
        return M.missingNode();
    }

    @Test
    void insightsLandInTheirIndexNotInTheRawIndexTheRollupsOrTheDeadLetters() throws Exception {
        assertEquals(3 + 1 + 1 + 12, insightIds.size(), "public examples and generated pairs");
        assertEquals(insightIds, new TreeSet<>(ids(INSIGHTS, "{\"match_all\":{}}")));
        assertEquals(0, hits(RAW, term("eventType", "AwsCloudTrailInsight")), "no Insight in the raw index");
        assertEquals(expected.events, os.count(RAW));
        assertEquals(0, os.count(DEAD), () -> "dead letters: " + reasons());
        Map<List<String>, Long> rollups = ExpectedOutput.written(os, ROLLUPS);
        assertTrue(expected.rollups.equals(rollups), () -> ExpectedOutput.diff(expected.rollups, rollups));
    }

    /** A followed folder of Insights files: while the job runs, its insightsIn counter says how many it routed. */
    @Test
    void insightsAreCountedInAMetric(@TempDir Path followed) throws Exception {
        for (Map.Entry<String, byte[]> f : insightFiles.entrySet()) {
            Files.write(followed.resolve(f.getKey()), f.getValue());
        }
        long events = 6; // OpenTelemetry's file holds six API calls beside its Insight
        JobSettings settings = JobSettings.fromArgs(new String[] {
            "--source.paths", followed.toString(), "--source.monitor-interval", "1s",
            "--source.start-time", "2000-01-01T00:00:00Z", "--opensearch.hosts", os.url, "--parallelism", "2",
            "--opensearch.raw-index", "iteco-m-raw", "--opensearch.rollup-index", "iteco-m-rollups",
            "--opensearch.deadletter-index", "iteco-m-dead", "--opensearch.insights-index", "iteco-m-insights",
            "--opensearch.refresh-interval", "1s", "--checkpoint.interval", "1s"});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrailflowJob.prepare(env, settings, new TrailflowJob.OpenSearchOutputs(settings));
        JobClient job = env.executeAsync(TrailflowJob.name(settings));
        try {
            OpenSearchIt.await("the Insights and events of the followed folder", Duration.ofMinutes(2),
                    () -> os.count("iteco-m-insights") == insightIds.size() && os.count("iteco-m-raw") == events
                            && JobMetrics.counted(METRICS, job.getJobID(), "trailflow.insightsIn") == insightIds.size());
            assertEquals(events, JobMetrics.counted(METRICS, job.getJobID(), "trailflow.eventsIn"));
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void insightDetailsAreAggregatedAndTheStatisticsAreNumbers() throws Exception {
        for (String f : List.of("insightDetails.state", "insightDetails.eventSource", "insightDetails.eventName",
                "insightDetails.insightType", "awsRegion", "recipientAccountId", "eventType", "sharedEventID")) {
            assertEquals("keyword", mapping(INSIGHTS, f).path("type").asText(), f);
        }
        assertEquals("date", mapping(INSIGHTS, "@timestamp").path("type").asText());
        JsonNode states = os.call("POST", "/" + INSIGHTS + "/_search?size=0",
                "{\"aggs\":{\"s\":{\"terms\":{\"field\":\"insightDetails.state\"}}}}").path("aggregations").path("s").path("buckets");
        Map<String, Long> byState = new TreeMap<>();
        states.forEach(b -> byState.put(b.get("key").asText(), b.get("doc_count").asLong()));
        // Generated: 6 Start, 6 End; documented: 2 Start, 1 End; OpenTelemetry's and StreamAlert's: Start.
        assertEquals(Map.of("End", 7L, "Start", 10L), byState);
        assertEquals(17, hits(INSIGHTS, "{\"range\":{\"insightDetails.insightContext.statistics.insight.average\":{\"gt\":0}}}"));
        assertEquals(1, hits(INSIGHTS, "{\"range\":{\"insightDetails.insightContext.statistics.baseline.average\":"
                + "{\"gte\":85.42,\"lte\":85.43}}}") / 2, "the documented Start/End pair with baseline 85.4202380952");
    }

    @Test
    void everySecurityAnalyticsFieldAnswersATermQueryAndIsMapped() throws Exception {
        Map<String, String> detectorName = new HashMap<>();
        EcosystemFields.SECURITY_ANALYTICS_ALIASES.forEach((alias, raw) -> detectorName.put(raw, alias));
        PromotedFields.COPIES.forEach(detectorName::put);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : saDocByField.entrySet()) {
            String field = e.getKey();
            String value = saValueByField.get(field);
            if (field.equals("requestParameters") || field.equals("responseElements")) {
                value = "v-" + field; // the payload itself holds {"status": value}: the flat_object matches its values
            }
            if (!ids(RAW, term(field, value)).contains(e.getValue())) {
                problems.add(field + ": a term query on it misses its event");
            }
            if (NOT_ALIASED.contains(field)) {
                continue;
            }
            String name = detectorName.getOrDefault(field, field);
            if (mapping(RAW, name).isMissingNode()) {
                problems.add(field + ": " + name + " is not in the mapping");
            } else if (!ids(RAW, term(name, value)).contains(e.getValue())) {
                problems.add(field + ": a term query on " + name + " misses its event");
            }
            if (!field.contains(".") || field.startsWith("userIdentity.") || field.startsWith("resources.")) {
                // Security Analytics aliases only mapped leaves: CloudTrail's own name must be one.
                if (mapping(RAW, field).isMissingNode()) {
                    problems.add(field + " is not a mapped field");
                }
            }
        }
        assertEquals(List.of(), problems);
        assertEquals("keyword", mapping(RAW, "aws.cloudtrail.request_parameters.attribute").path("type").asText());
        JsonNode buckets = os.call("POST", "/" + RAW + "/_search?size=0",
                "{\"aggs\":{\"r\":{\"terms\":{\"field\":\"aws.cloudtrail.request_parameters.roleArn\"}}}}")
                .path("aggregations").path("r").path("buckets");
        assertTrue(buckets.size() > 1, "the copies aggregate: " + buckets);
    }

    @Test
    void aPayloadThatChangesTypeIsNeverRefused() throws Exception {
        assertEquals(typeChangeIds, ids(RAW, "{\"prefix\":{\"eventID\":\"tc-\"}}").stream().sorted().collect(
                java.util.stream.Collectors.toList()));
        assertEquals(0, os.count(DEAD));
        // What could be copied was, what could not stayed in the payload only.
        assertEquals(List.of("tc-3"), ids(RAW, term("aws.cloudtrail.request_parameters.attribute", "7")));
        // OpenTelemetry's sample has a boolean MFAUsed too.
        assertTrue(ids(RAW, term("aws.cloudtrail.additional_event_data.mfaUsed", "true")).contains("tc-8"));
        assertEquals(List.of("tc-5"), ids(RAW, term("aws.cloudtrail.request_parameters.container_definitions.command", "nested")));
        assertEquals(List.of("tc-6"), ids(RAW, term("responseElements.publiclyAccessible.value", "true")));
    }

    @Test
    void theIntegrationsNamesResolveToTheSameDocuments() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> a : EcosystemFields.INTEGRATION_ALIASES.entrySet()) {
            long viaAlias = hits(RAW, "{\"exists\":{\"field\":\"" + a.getKey() + "\"}}");
            long direct = hits(RAW, "{\"exists\":{\"field\":\"" + a.getValue() + "\"}}");
            if (viaAlias == 0 || viaAlias != direct) {
                problems.add(a.getKey() + ": " + viaAlias + " documents, " + a.getValue() + ": " + direct);
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(hits(RAW, term("eventName", "AssumeRole")), hits(RAW, term("aws.cloudtrail.eventName", "AssumeRole")));
        assertFalse(ids(RAW, term("aws.cloudtrail.eventName", "AssumeRole")).isEmpty());
        // A terms chart of the integration (Event by Account ID) gives what the raw field gives.
        String agg = "{\"aggs\":{\"a\":{\"terms\":{\"field\":\"%s\",\"size\":50}}}}";
        assertEquals(os.call("POST", "/" + RAW + "/_search?size=0", String.format(agg, "userIdentity.accountId")).path("aggregations"),
                os.call("POST", "/" + RAW + "/_search?size=0", String.format(agg, "aws.cloudtrail.userIdentity.accountId.keyword"))
                        .path("aggregations"));
    }

    private static Map<String, Long> reasons() {
        try {
            return os.reasons(DEAD);
        } catch (IOException e) {
            return Map.of();
        }
    }
}
