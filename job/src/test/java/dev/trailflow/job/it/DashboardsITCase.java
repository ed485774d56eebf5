package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailflow.generate.CloudTrailGenerator;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.generate.KinesisPayloads;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.dashboards.SavedObjects;
import dev.trailflow.job.options.JobSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the saved objects of dashboards/ ask of OpenSearch, asked of the real one after a run of the
 * job over generated events: every field a chart or saved search names is in the mapping with a type
 * that fits, and every chart's aggregation, sent as the {@code _search} Dashboards builds from it,
 * gives the numbers of an independent count over the same events (top terms with their sums, the
 * missing bucket, the date histogram's buckets). The Insights documents are indexed here, under the
 * Insights template the job installed.
 */
class DashboardsITCase extends JobITBase {

    static final ObjectMapper M = new ObjectMapper();
    static final Instant START = Instant.parse("2024-09-27T00:00:00Z");
    static final Duration SPAN = Duration.ofHours(3);
    /** What an "auto" interval stands for in these requests: a multiple of the 5-minute windows. */
    static final long INTERVAL = Duration.ofMinutes(30).toMillis();
    static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation",
            "UnauthorizedOperation");
    static final Set<String> SECURITY_GROUP_CHANGES = Set.of("AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
            "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup",
            "ModifySecurityGroupRules");

    /**
     * Each query the saved objects use, decided here on the generated JSON without OpenSearch. A query
     * added to the file without its meaning here fails the test.
     */
    static final Map<String, Predicate<JsonNode>> QUERIES = new HashMap<>();

    static {
        QUERIES.put("", e -> true);
        QUERIES.put("_exists_:errorCode", e -> text(e, "errorCode") != null);
        QUERIES.put("errorCode:(AccessDenied OR AccessDeniedException OR Client.UnauthorizedOperation OR UnauthorizedOperation)",
                e -> text(e, "errorCode") != null && DENIED.contains(text(e, "errorCode")));
        QUERIES.put("eventName:ConsoleLogin", e -> "ConsoleLogin".equals(text(e, "eventName")));
        QUERIES.put("userIdentity.type:Root", e -> "Root".equals(text(e, "userIdentity.type")));
        QUERIES.put("(eventSource:iam.amazonaws.com AND readOnly:false) OR eventName:(AuthorizeSecurityGroupIngress OR "
                + "AuthorizeSecurityGroupEgress OR RevokeSecurityGroupIngress OR RevokeSecurityGroupEgress OR "
                + "CreateSecurityGroup OR DeleteSecurityGroup OR ModifySecurityGroupRules)",
                e -> "iam.amazonaws.com".equals(text(e, "eventSource")) && e.path("readOnly").isBoolean()
                        && !e.path("readOnly").asBoolean() || SECURITY_GROUP_CHANGES.contains(String.valueOf(text(e, "eventName"))));
        QUERIES.put("additionalEventData.MFAUsed:Yes", e -> "Yes".equals(text(e, "additionalEventData.MFAUsed")));
        QUERIES.put("additionalEventData.MFAUsed:No", e -> "No".equals(text(e, "additionalEventData.MFAUsed")));
        QUERIES.put("responseElements.ConsoleLogin:Failure", e -> "Failure".equals(text(e, "responseElements.ConsoleLogin")));
        QUERIES.put("insightDetails.state:Start", e -> "Start".equals(text(e, "insightDetails.state")));
    }

    @TempDir
    static Path dir;

    static final List<JsonNode> events = new ArrayList<>();
    static final List<JsonNode> insights = new ArrayList<>();
    static final Map<String, Long> planted = new TreeMap<>();
    static Instant runStarted;
    static final Map<String, ObjectNode> objects = new LinkedHashMap<>();

    @BeforeAll
    static void runTheJobOverGeneratedEvents() throws Exception {
        os.deleteIndices("itd-*");
        Path in = dir.resolve("in");
        new CloudTrailGenerator().generate(new GeneratorConfig().events(8_000).seed(1).start(START).span(SPAN).gzip(false),
                (key, delivered, json) -> {
                    if (!key.contains("CloudTrail-Digest")) {
                        M.readTree(json).path("Records").forEach(events::add);
                    }
                    Path f = in.resolve(key);
                    Files.createDirectories(f.getParent());
                    Files.write(f, json);
                });
        // Dead letters of two reasons, for the ingestion-health charts.
        Path day = in.resolve("AWSLogs/111122223333/CloudTrail/us-east-1/2024/09/27");
        Files.createDirectories(day);
        byte[] corrupt = KinesisPayloads.gzip("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8));
        for (int i = 10; i < corrupt.length - 8; i++) {
            corrupt[i] ^= 0x33;
        }
        Files.write(day.resolve("planted_corrupt.json.gz"), corrupt);
        Files.write(day.resolve("planted_notification.json"), ("{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\","
                + "\"eventTime\":\"2024-09-27T01:00:00.000Z\",\"eventName\":\"ObjectCreated:Put\"}]}").getBytes(StandardCharsets.UTF_8));
        Files.write(day.resolve("planted_cut.json"), "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTi".getBytes(StandardCharsets.UTF_8));
        planted.put("gzip_corrupt", 1L);
        planted.put("not_cloudtrail", 1L);
        planted.put("json_syntax", 1L);

        runStarted = Instant.now();
        TrailflowJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), JobSettings.fromArgs(new String[] {
            "--source.paths", in.toString(), "--opensearch.hosts", os.url,
            "--opensearch.raw-index", "itd-{yyyy.MM.dd}", "--opensearch.rollup-index", "itd-rollups",
            "--opensearch.deadletter-index", "itd-deadletter", "--opensearch.insights-index", "itd-insights",
            "--parallelism", "2"}));

        indexInsights();
        for (ObjectNode o : SavedObjects.forIndices(SavedObjects.bundled(),
                new SavedObjects.Indices("itd-{yyyy.MM.dd}", "itd-rollups", "itd-deadletter", "itd-insights"), "")) {
            objects.put(o.get("id").asText(), o);
        }
        os.call("POST", "/itd-*/_refresh", null);
    }

    /**
     * Insights events of the raw-record shape, states, sources and types spread over the span; two without a
     * source. The job's run installed the Insights index template, so they are mapped as the job maps them.
     */
    static void indexInsights() throws Exception {
        String[] sources = {"ec2.amazonaws.com", "iam.amazonaws.com", "s3.amazonaws.com"};
        String[] names = {"RunInstances", "AttachRolePolicy", "PutObject", "DeleteBucket"};
        StringBuilder bulk = new StringBuilder();
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < 60; i++) {
            ObjectNode d = M.createObjectNode();
            d.put("eventVersion", "1.08");
            String time = START.plusSeconds(r.nextLong(SPAN.getSeconds())).toString();
            d.put("eventTime", time);
            d.put("awsRegion", r.nextBoolean() ? "us-east-1" : "eu-west-1");
            d.put("eventID", java.util.UUID.randomUUID().toString());
            d.put("eventType", "AwsCloudTrailInsight");
            d.put("recipientAccountId", "111122223333");
            ObjectNode details = d.putObject("insightDetails");
            details.put("state", r.nextInt(3) == 0 ? "End" : "Start");
            if (i >= 2) {
                details.put("eventSource", sources[r.nextInt(sources.length)]);
            }
            details.put("eventName", names[Math.min(r.nextInt(names.length), r.nextInt(names.length))]);
            details.put("insightType", r.nextInt(4) == 0 ? "ApiErrorRateInsight" : "ApiCallRateInsight");
            d.put("eventCategory", "Insight");
            d.put("@timestamp", time);
            insights.add(d);
            bulk.append("{\"index\":{}}\n").append(M.writeValueAsString(d)).append('\n');
        }
        JsonNode answer = os.call("POST", "/itd-insights/_bulk?refresh=true", bulk.toString());
        assertFalse(answer.path("errors").asBoolean(), answer.toString());
    }

    @Test
    void theRawIndexPatternTakesTheDailyIndicesAndNoneOfTheOthers() throws Exception {
        String raw = title(SavedObjects.RAW);
        assertEquals("itd-*,-itd-rollups,-itd-deadletter,-itd-insights", raw);
        assertEquals(events.size(), os.count(raw), "exactly the raw records");
        assertTrue(os.count("itd-*") > events.size(), "the wildcard alone would take in rollups, dead letters and Insights");
    }

    @Test
    void everyFieldAChartOrSavedSearchNamesIsMappedWithATypeThatFits() throws Exception {
        int checked = 0;
        for (ObjectNode o : objects.values()) {
            String type = o.get("type").asText();
            if (type.equals("index-pattern")) {
                String time = o.path("attributes").path("timeFieldName").asText();
                assertEquals("date", fieldCaps(o.get("id").asText()).get(time).type, o.get("id") + " time field " + time);
                checked++;
            } else if (type.equals("visualization")) {
                Map<String, Cap> caps = fieldCaps(indexOf(o));
                for (JsonNode agg : visState(o).path("aggs")) {
                    String field = agg.path("params").path("field").asText(null);
                    String what = o.get("id").asText() + " " + agg.get("type").asText() + " on " + field;
                    switch (agg.get("type").asText()) {
                        case "terms":
                            assertNotNull(caps.get(field), what + ": not in the mapping");
                            assertTrue(caps.get(field).aggregatable && caps.get(field).type.equals("keyword"), what + ": " + caps.get(field));
                            break;
                        case "date_histogram":
                            assertNotNull(caps.get(field), what + ": not in the mapping");
                            assertEquals("date", caps.get(field).type, what);
                            break;
                        case "sum":
                            assertNotNull(caps.get(field), what + ": not in the mapping");
                            assertTrue(caps.get(field).aggregatable && caps.get(field).type.equals("long"), what + ": " + caps.get(field));
                            break;
                        case "count":
                        case "filters":
                            continue;
                        default:
                            throw new AssertionError("no check for " + what);
                    }
                    checked++;
                }
            } else if (type.equals("search")) {
                Map<String, Cap> caps = fieldCaps(indexOf(o));
                for (JsonNode column : o.path("attributes").path("columns")) {
                    assertNotNull(caps.get(column.asText()), o.get("id") + " column " + column + " is not in the mapping");
                    checked++;
                }
                for (JsonNode sort : o.path("attributes").path("sort")) {
                    assertEquals("date", caps.get(sort.get(0).asText()).type, o.get("id") + " sorts on " + sort);
                }
            }
        }
        assertTrue(checked > 60, "checked " + checked);
    }

    @Test
    void everyChartGivesTheNumbersOfAnIndependentCount() throws Exception {
        int charts = 0;
        for (ObjectNode o : objects.values()) {
            if (!o.get("type").asText().equals("visualization")) {
                continue;
            }
            String id = o.get("id").asText();
            String index = indexOf(o);
            JsonNode vis = visState(o);
            String query = searchSource(o).path("query").path("query").asText();
            Predicate<JsonNode> where = query(query);
            List<JsonNode> docs = new ArrayList<>();
            for (JsonNode d : source(index)) {
                if (where.test(d)) {
                    docs.add(d);
                }
            }
            assertFalse(docs.isEmpty(), id + ": the generated data gives this chart nothing to show");
            List<JsonNode> levels = new ArrayList<>();
            JsonNode metric = null;
            for (JsonNode agg : vis.path("aggs")) {
                if (agg.get("schema").asText().equals("metric")) {
                    metric = agg;
                } else {
                    levels.add(agg);
                }
            }
            String sumField = metric.get("type").asText().equals("sum") ? metric.get("params").get("field").asText() : null;
            ObjectNode body = request(o, index, query, levels, sumField);
            JsonNode answer = os.call("POST", "/" + title(index) + "/_search", M.writeValueAsString(body));
            assertEquals(0, answer.path("_shards").path("failed").asInt(), id + ": " + answer);
            Chart chart = new Chart(id, index, sumField);
            if (levels.isEmpty()) {
                assertEquals(chart.total(docs), chart.value(answer.path("aggregations")), id + " total");
            } else {
                chart.compare(levels, 0, answer.path("aggregations").path(levels.get(0).get("id").asText()), docs);
            }
            charts++;
        }
        assertEquals(objects.values().stream().filter(o -> o.get("type").asText().equals("visualization")).count(), charts);
    }

    @Test
    void everySavedSearchFindsItsEventsNewestFirst() throws Exception {
        int searches = 0;
        for (ObjectNode o : objects.values()) {
            if (!o.get("type").asText().equals("search")) {
                continue;
            }
            String id = o.get("id").asText();
            String index = indexOf(o);
            String query = searchSource(o).path("query").path("query").asText();
            ObjectNode body = request(o, index, query, List.of(), null);
            body.put("size", 1);
            body.putArray("sort").addObject().put("@timestamp", "desc");
            JsonNode hits = os.call("POST", "/" + title(index) + "/_search", M.writeValueAsString(body)).path("hits");
            Predicate<JsonNode> where = query(query);
            List<JsonNode> matching = new ArrayList<>();
            for (JsonNode d : source(index)) {
                if (where.test(d)) {
                    matching.add(d);
                }
            }
            assertEquals(matching.size(), hits.path("total").path("value").asLong(), id);
            if (!index.equals(SavedObjects.DEADLETTER)) {
                long newest = matching.stream().mapToLong(DashboardsITCase::time).max().orElseThrow();
                assertEquals(newest, Instant.parse(hits.path("hits").get(0).path("_source").path("@timestamp").asText())
                        .toEpochMilli(), id + ": the newest first");
            }
            searches++;
        }
        assertTrue(searches >= 6, "searches: " + searches);
    }

    /** The body Dashboards sends for a chart: its query and the time range as filters, its aggregations nested in order. */
    static ObjectNode request(ObjectNode o, String index, String query, List<JsonNode> levels, String sumField) {
        ObjectNode body = M.createObjectNode();
        body.put("size", 0);
        body.put("track_total_hits", true);
        ObjectNode bool = body.putObject("query").putObject("bool");
        String timeField = objects.get(index).path("attributes").path("timeFieldName").asText();
        Instant from = index.equals(SavedObjects.DEADLETTER) ? runStarted.minus(Duration.ofHours(1)) : START.minus(Duration.ofDays(1));
        Instant to = index.equals(SavedObjects.DEADLETTER) ? Instant.now().plus(Duration.ofHours(1)) : START.plus(SPAN).plus(Duration.ofDays(1));
        bool.putArray("filter").addObject().putObject("range").putObject(timeField).put("gte", from.toString())
                .put("lte", to.toString()).put("format", "strict_date_optional_time");
        if (!query.isEmpty()) {
            bool.putArray("must").add(queryString(query));
        }
        ObjectNode aggs = body.putObject("aggs");
        if (sumField != null) {
            aggs.putObject("1").putObject("sum").put("field", sumField);
        }
        for (JsonNode level : levels) {
            ObjectNode agg = aggs.putObject(level.get("id").asText());
            JsonNode p = level.get("params");
            switch (level.get("type").asText()) {
                case "terms": {
                    ObjectNode t = agg.putObject("terms");
                    t.put("field", p.get("field").asText());
                    t.put("size", p.get("size").asInt());
                    t.putObject("order").put(sumField != null ? "1" : "_count", p.get("order").asText());
                    if (p.path("missingBucket").asBoolean()) {
                        t.put("missing", "__missing__");
                    }
                    break;
                }
                case "date_histogram":
                    agg.putObject("date_histogram").put("field", p.get("field").asText()).put("fixed_interval", "30m")
                            .put("time_zone", "UTC").put("min_doc_count", p.get("min_doc_count").asInt());
                    break;
                case "filters": {
                    ObjectNode f = agg.putObject("filters").putObject("filters");
                    for (JsonNode filter : p.get("filters")) {
                        f.set(filter.get("label").asText(), queryString(filter.get("input").get("query").asText()));
                    }
                    break;
                }
                default:
                    throw new AssertionError("no request for " + level);
            }
            aggs = agg.putObject("aggs");
            if (sumField != null) {
                aggs.putObject("1").putObject("sum").put("field", sumField);
            }
        }
        return body;
    }

    static ObjectNode queryString(String query) {
        ObjectNode q = M.createObjectNode();
        q.putObject("query_string").put("query", query).put("analyze_wildcard", true).put("time_zone", "UTC");
        return q;
    }

    /** One chart's numbers, from the answer and from the documents the test generated. */
    static final class Chart {
        final String id;
        final String index;
        final String sumField;

        Chart(String id, String index, String sumField) {
            this.id = id;
            this.index = index;
            this.sumField = sumField;
        }

        /** A chart on rollups sums event counts: each generated event counts once, as in the raw index. */
        long total(List<JsonNode> docs) {
            return docs.size();
        }

        long value(JsonNode bucket) {
            return sumField != null ? Math.round(bucket.path("1").path("value").asDouble()) : bucket.path("doc_count").asLong();
        }

        /**
         * The buckets of one level hold, from the largest, the values of the independent groups (the
         * top {@code size} for terms, all for a histogram or filters), and each bucket's key the value
         * of its group; then the same one level down, within each bucket.
         */
        void compare(List<JsonNode> levels, int i, JsonNode answer, List<JsonNode> docs) {
            JsonNode level = levels.get(i);
            String type = level.get("type").asText();
            String where = id + " level " + i + " (" + type + ")";
            Map<String, List<JsonNode>> groups = new TreeMap<>();
            Map<String, JsonNode> buckets = new LinkedHashMap<>();
            if (type.equals("filters")) {
                for (JsonNode f : level.get("params").get("filters")) {
                    String label = f.get("label").asText();
                    Predicate<JsonNode> q = query(f.get("input").get("query").asText());
                    groups.put(label, new ArrayList<>());
                    docs.stream().filter(q).forEach(groups.get(label)::add);
                    buckets.put(label, answer.path("buckets").path(label));
                }
            } else {
                String field = level.get("params").get("field").asText();
                boolean untimed = type.equals("date_histogram") && index.equals(SavedObjects.DEADLETTER);
                for (JsonNode d : docs) {
                    String key = type.equals("terms") ? termKey(d, field)
                            : untimed ? "any" : Long.toString(Math.floorDiv(time(d), INTERVAL) * INTERVAL);
                    groups.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
                }
                for (JsonNode b : answer.path("buckets")) {
                    buckets.put(b.get("key").asText(), b);
                }
                if (untimed) {
                    // Dead letters are stamped when rejected, a time no count of the input can know: the
                    // buckets' total, level by level below, is what can be checked.
                    assertFalse(buckets.isEmpty(), where);
                    compareMerged(levels, i + 1, buckets, docs);
                    return;
                }
            }
            List<Long> expected = new ArrayList<>();
            groups.values().forEach(g -> expected.add(total(g)));
            expected.sort(Comparator.reverseOrder());
            if (type.equals("terms")) {
                int size = level.get("params").get("size").asInt();
                expected.subList(Math.min(size, expected.size()), expected.size()).clear();
                assertTrue(i > 0 || groups.size() > 1, where + ": one group only, the chart shows little");
            }
            List<Long> actual = new ArrayList<>();
            buckets.values().forEach(b -> actual.add(value(b)));
            actual.sort(Comparator.reverseOrder());
            assertEquals(expected, actual, where + ": bucket values");
            for (Map.Entry<String, JsonNode> b : buckets.entrySet()) {
                List<JsonNode> group = groups.getOrDefault(b.getKey(), List.of());
                assertEquals(total(group), value(b.getValue()), where + ": bucket " + b.getKey());
                if (i + 1 < levels.size() && !group.isEmpty()) {
                    compare(levels, i + 1, b.getValue().path(levels.get(i + 1).get("id").asText()), group);
                }
            }
        }

        /** The next level's terms summed over every bucket of this one, against the same terms over all documents. */
        void compareMerged(List<JsonNode> levels, int i, Map<String, JsonNode> buckets, List<JsonNode> docs) {
            JsonNode level = levels.get(i);
            assertEquals("terms", level.get("type").asText(), id);
            String field = level.get("params").get("field").asText();
            Map<String, Long> actual = new TreeMap<>();
            for (JsonNode b : buckets.values()) {
                for (JsonNode t : b.path(level.get("id").asText()).path("buckets")) {
                    actual.merge(t.get("key").asText(), value(t), Long::sum);
                }
            }
            Map<String, Long> expected = new TreeMap<>();
            docs.forEach(d -> expected.merge(termKey(d, field), 1L, Long::sum));
            assertEquals(expected, actual, id + ": summed over the histogram");
        }

        /** The value a terms bucket has for a generated document; rollup fields are the event's own under aws.cloudtrail. */
        String termKey(JsonNode d, String field) {
            String path = index.equals(SavedObjects.ROLLUPS) ? field.substring("aws.cloudtrail.".length()) : field;
            String v = text(d, path);
            return v == null ? "__missing__" : v;
        }
    }

    /** The documents of the test an index holds: generated events, Insights, or the planted dead letters. */
    static List<JsonNode> source(String index) {
        switch (index) {
            case SavedObjects.RAW:
            case SavedObjects.ROLLUPS:
                return events;
            case SavedObjects.INSIGHTS:
                return insights;
            case SavedObjects.DEADLETTER: {
                List<JsonNode> out = new ArrayList<>();
                planted.forEach((reason, n) -> {
                    for (long k = 0; k < n; k++) {
                        ObjectNode d = M.createObjectNode();
                        d.putObject("reason").put("code", reason);
                        out.add(d);
                    }
                });
                return out;
            }
            default:
                throw new AssertionError(index);
        }
    }

    static Predicate<JsonNode> query(String query) {
        Predicate<JsonNode> p = QUERIES.get(query);
        assertNotNull(p, "no independent meaning for the query '" + query + "'");
        return p;
    }

    /** A scalar by dotted path through nested objects; null when absent, null or not a scalar. */
    static String text(JsonNode d, String path) {
        JsonNode v = d;
        for (String part : path.split("\\.")) {
            v = v.isObject() ? v.get(part) : null;
            if (v == null) {
                return null;
            }
        }
        return v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    static long time(JsonNode d) {
        return ExpectedOutput.parse(d.get("eventTime").asText());
    }

    static String indexOf(ObjectNode o) {
        String id = SavedObjects.indexPatternOf(o);
        assertNotNull(id, o.get("id") + " has no index pattern");
        return id;
    }

    static String title(String indexPatternId) {
        return objects.get(indexPatternId).path("attributes").path("title").asText();
    }

    static JsonNode visState(ObjectNode o) throws Exception {
        return M.readTree(o.path("attributes").path("visState").asText());
    }

    static JsonNode searchSource(ObjectNode o) throws Exception {
        return M.readTree(o.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());
    }

    /** A field's type and whether it aggregates, as _field_caps tells Dashboards when it loads an index pattern. */
    static final class Cap {
        final String type;
        final boolean aggregatable;

        Cap(String type, boolean aggregatable) {
            this.type = type;
            this.aggregatable = aggregatable;
        }

        @Override
        public String toString() {
            return type + (aggregatable ? ", aggregatable" : ", not aggregatable");
        }
    }

    static Map<String, Cap> fieldCaps(String indexPatternId) throws Exception {
        JsonNode fields = os.call("GET", "/" + title(indexPatternId) + "/_field_caps?fields=*", null).path("fields");
        Map<String, Cap> caps = new HashMap<>();
        fields.fields().forEachRemaining(f -> {
            if (f.getValue().size() != 1) {
                caps.put(f.getKey(), new Cap("conflict", false));
                return;
            }
            Map.Entry<String, JsonNode> only = f.getValue().fields().next();
            caps.put(f.getKey(), new Cap(only.getKey(), only.getValue().path("aggregatable").asBoolean()));
        });
        return caps;
    }
}
