package dev.trailflow.job.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailflow.generate.KinesisPayloads;
import dev.trailflow.generate.CloudTrailGenerator;
import dev.trailflow.generate.GenerationSummary;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.options.PropertySources;
import dev.trailflow.job.options.TrailflowOptions;
import dev.trailflow.job.sinks.OpenSearchAccessException;
import dev.trailflow.job.sinks.IndexTemplates;
import dev.trailflow.job.sinks.OpenSearchClients;
import dev.trailflow.job.sinks.RawRecordEmitter;
import dev.trailflow.job.sources.KinesisStreams;
import dev.trailflow.udfs.flatten.RollupDimensions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/**
 * {@code bin/trailflow-local}: the job in an embedded Flink. Without {@code --source.paths} it first
 * generates a sample day of CloudTrail files; a bounded run ends with what it wrote, read back from
 * OpenSearch: events indexed, rollups, dead letters by reason and the top rollups.
 */
public final class LocalRun {

    private static final ObjectMapper M = new ObjectMapper();

    private LocalRun() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        boolean demo;
        JobSettings settings;
        try {
            Map<String, String> values = PropertySources.resolve(args);
            String demoEvents = values.remove("demo.events");
            demo = !values.containsKey(TrailflowOptions.SOURCE_PATHS.key())
                    && !"kinesis".equals(values.get(TrailflowOptions.SOURCE_TYPE.key()));
            if (demo) {
                Path dir = Paths.get(System.getProperty("trailflow.demo.dir", ".local/demo")).toAbsolutePath();
                generateDemo(dir, demoEvents == null ? 100_000 : Long.parseLong(demoEvents), out);
                values.put(TrailflowOptions.SOURCE_PATHS.key(), dir.resolve("AWSLogs").toString());
            }
            settings = JobSettings.fromMap(values);
        } catch (IllegalArgumentException e) {
            System.err.println("trailflow-local: " + e.getMessage());
            System.exit(2);
            return;
        }

        if (settings.sourceType == TrailflowOptions.SourceType.kinesis) {
            KinesisStreams.standInCredentialsForLoopback(settings.kinesisEndpoint);
        } else if (settings.sqsQueueUrl != null) {
            KinesisStreams.standInCredentialsForLoopback(settings.sqsEndpoint);
        }
        Configuration conf = localConfig();
        conf.addAll(s3Settings());
        conf.addAll(TrailflowJob.runtimeConfig(settings));
        // S3 goes through the flink-s3-fs-hadoop plugin, from FLINK_PLUGINS_DIR, as in deployments.
        FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                settings.parallelism != null ? settings.parallelism : Math.max(2, Runtime.getRuntime().availableProcessors()),
                conf);

        try {
            if (demo && isLocal(settings)) {
                // A demo run reports what it wrote: start from empty indices on the local server it owns.
                out.println("clearing the demo's indices on the local OpenSearch ...");
                clear(settings);
            }
            long started = System.nanoTime();
            out.printf("running the job (%s) against %s ...%n", settings.batch() ? "bounded, BATCH"
                    : settings.bounded() ? "bounded, checkpointed"
                    : settings.sqsQueueUrl != null ? "streaming, from SQS" : "streaming",
                    settings.opensearchHosts);
            TrailflowJob.run(env, settings);
            out.printf("done in %.1f s%n%n", (System.nanoTime() - started) / 1e9);
            report(settings, out);
        } catch (Exception e) {
            TrailflowJob.exitIfAccessFailed("trailflow-local", e);
            throw e;
        }
    }

    /** A sample day of CloudTrail, plus the bad files real buckets hold now and then. */
    static void generateDemo(Path dir, long events, PrintStream out) throws IOException {
        deleteTree(dir);
        out.printf("generating a sample day of CloudTrail (%,d events) in %s ...%n", events, dir);
        GenerationSummary s = new CloudTrailGenerator().generate(new GeneratorConfig().events(events)
                .largeEvents(2).oddTimeFraction(0.01), dir);
        out.printf("  %,d log files, %,d digest files, %.1f MB of JSON%n", s.logFiles(), s.digestFiles(),
                s.uncompressedBytes() / 1048576.0);
        plantBadFiles(dir.resolve("AWSLogs/111122223333/CloudTrail/us-east-1/2024/09/27"));
    }

    /** The embedded Flink's memory: small enough for a laptop, enough for BATCH sorting and shuffles. */
    static Configuration localConfig() {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("256mb"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("128mb"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("128mb"));
        return conf;
    }

    static boolean isLocal(JobSettings settings) {
        return settings.opensearchHosts.stream()
                .allMatch(u -> "127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost()));
    }

    static void clear(JobSettings settings) throws IOException {
        String raw = settings.rawEnabled() ? IndexTemplates.rawPattern(settings.rawIndex) + "," : "";
        deleteIndices(settings, raw + settings.rollupIndex + "," + settings.deadLetterIndex);
    }

    /** Deletes the comma-separated indices (patterns allowed) that exist. */
    static void deleteIndices(JobSettings settings, String indices) throws IOException {
        try (RestClient client = OpenSearchClients.restClient(settings)) {
            call(client, "DELETE", "/" + indices + "?ignore_unavailable=true&allow_no_indices=true", null);
        } catch (ResponseException e) {
            throw refused(settings, e, "clearing the demo's indices", "the demo starts from empty indices: run it as a "
                    + "user who may delete them, or give --source.paths to skip the clearing");
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** What real buckets also hold now and then, so the demo shows dead letters and their reasons. */
    static void plantBadFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("111122223333_CloudTrail_us-east-1_20240927T1200Z_truncatedupload.json.gz"),
                Arrays.copyOf(KinesisPayloads.gzip(("{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-09-27T12:00:00Z\","
                        + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\"}]}").getBytes(
                                StandardCharsets.UTF_8)), 40));
        Files.write(dir.resolve("s3-event-notification.json"), ("{\"Records\":[{\"eventVersion\":\"2.1\","
                + "\"eventSource\":\"aws:s3\",\"eventTime\":\"2024-09-27T12:00:00.000Z\",\"eventName\":\"ObjectCreated:Put\"}]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** s3.* settings from the environment, for a local S3-API server (S3_ENDPOINT and friends). */
    static Configuration s3Settings() {
        Configuration c = new Configuration();
        String endpoint = System.getenv("S3_ENDPOINT");
        if (endpoint != null && !endpoint.isEmpty()) {
            c.setString("s3.endpoint", endpoint);
            c.setString("s3.path.style.access", "true");
            if (endpoint.startsWith("http://")) {
                c.setString("s3.connection.ssl.enabled", "false");
            }
        }
        if (System.getenv("S3_ACCESS_KEY") != null) {
            c.setString("s3.access-key", System.getenv("S3_ACCESS_KEY"));
            c.setString("s3.secret-key", System.getenv("S3_SECRET_KEY"));
        }
        return c;
    }

    /**
     * What the run wrote. The job itself needs no read access: a user with only its role gets one
     * line saying what the summary would need instead.
     */
    static void report(JobSettings settings, PrintStream out) throws IOException {
        try {
            summary(settings, out);
        } catch (ResponseException e) {
            OpenSearchAccessException refused = refused(settings, e, "reading the summary back", SUMMARY_NEEDS);
            out.println("no summary: " + refused.getMessage());
        }
    }

    static final String SUMMARY_NEEDS = "the job writes without reading; the summary needs indices:admin/refresh* and "
            + "indices:data/read/search on the job's indices (docs/security.md)";

    /** A 401 or 403 as the one line that says what to fix; any other answer as it was. */
    private static OpenSearchAccessException refused(JobSettings settings, ResponseException e, String doing, String fix)
            throws ResponseException {
        int status = e.getResponse().getStatusLine().getStatusCode();
        if (!OpenSearchAccessException.isRefusal(status)) {
            throw e;
        }
        return OpenSearchAccessException.refused(settings, status, OpenSearchClients.body(e), doing, null, fix);
    }

    private static void summary(JobSettings settings, PrintStream out) throws IOException {
        try (RestClient client = OpenSearchClients.restClient(settings)) {
            String raw = settings.rawEnabled() ? IndexTemplates.rawPattern(settings.rawIndex) : null;
            // One index at a time: the security plugin refuses a list naming an index that does not exist.
            for (String index : new String[] {raw, settings.rollupIndex, settings.deadLetterIndex}) {
                if (index != null) {
                    call(client, "POST", "/" + index + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
                }
            }
            if (raw != null) {
                out.printf("events indexed:  %,12d  in %s%n", rawCount(client, settings, raw), raw);
            }
            out.printf("rollups written: %,12d  in %s%n", count(client, settings.rollupIndex), settings.rollupIndex);
            JsonNode dead = call(client, "POST", "/" + settings.deadLetterIndex
                    + "/_search?ignore_unavailable=true&allow_no_indices=true",
                    "{\"size\":0,\"aggs\":{\"r\":{\"terms\":{\"field\":\"reason.code\",\"size\":50}}}}");
            long deadTotal = dead.path("hits").path("total").path("value").asLong();
            out.printf("dead letters:    %,12d  in %s%n", deadTotal, settings.deadLetterIndex);
            for (JsonNode b : dead.path("aggregations").path("r").path("buckets")) {
                out.printf("  %-28s %,8d%n", b.get("key").asText(), b.get("doc_count").asLong());
            }
            JsonNode top = call(client, "POST", "/" + settings.rollupIndex + "/_search?ignore_unavailable=true",
                    "{\"size\":10,\"sort\":[{\"aws.cloudtrail.event_count\":\"desc\"},{\"start_time\":\"asc\"}]}");
            out.println();
            out.println("top rollups:");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"start_time", "type", "account", "issuer", "region", "source IP", "eventSource",
                "eventName", "count"});
            for (JsonNode h : top.path("hits").path("hits")) {
                JsonNode s = h.get("_source");
                rows.add(new String[] {s.path("start_time").asText().substring(0, 16), text(s, 0), text(s, 1), text(s, 2),
                    text(s, 5), text(s, 6), text(s, 7), text(s, 8), s.path("aws.cloudtrail.event_count").asText()});
            }
            printTable(rows, out);
        }
    }

    private static String text(JsonNode doc, int dimension) {
        JsonNode v = doc.get(RollupDimensions.KEYS.get(dimension));
        String t = v == null ? "-" : v.asText();
        return t.length() > 28 ? t.substring(0, 27) + "~" : t;
    }

    private static void printTable(List<String[]> rows, PrintStream out) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                b.append(String.format(Locale.ROOT, i == r.length - 1 ? "%" + width[i] + "s" : "%-" + width[i] + "s  ", r[i]));
            }
            out.println(b.toString().stripTrailing());
        }
    }

    /**
     * Documents in the daily raw indices. The raw pattern (cloudtrail-*) also matches the rollup and
     * dead-letter indices, and excluding them by name is refused by the security plugin when one
     * does not exist: count by index and keep the days.
     */
    private static long rawCount(RestClient client, JobSettings settings, String raw) throws IOException {
        Pattern daily = Pattern.compile(Arrays.stream(settings.rawIndex.split(Pattern.quote(RawRecordEmitter.DAY), -1))
                .map(Pattern::quote).collect(Collectors.joining("\\d{4}\\.\\d{2}\\.\\d{2}")));
        JsonNode byIndex = call(client, "POST", "/" + raw + "/_search?ignore_unavailable=true&allow_no_indices=true",
                "{\"size\":0,\"aggs\":{\"i\":{\"terms\":{\"field\":\"_index\",\"size\":100000}}}}");
        long n = 0;
        for (JsonNode b : byIndex.path("aggregations").path("i").path("buckets")) {
            if (daily.matcher(b.get("key").asText()).matches()) {
                n += b.get("doc_count").asLong();
            }
        }
        return n;
    }

    private static long count(RestClient client, String index) throws IOException {
        return call(client, "GET", "/" + index + "/_count?ignore_unavailable=true&allow_no_indices=true", null)
                .path("count").asLong();
    }

    private static JsonNode call(RestClient client, String method, String path, String body) throws IOException {
        Request r = new Request(method, path);
        if (body != null) {
            r.setJsonEntity(body);
        }
        return M.readTree(EntityUtils.toString(client.performRequest(r).getEntity()));
    }
}
