package dev.trailflow.job.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The saved-object file as Dashboards imports it, and what bin/trailflow-dashboards makes of it. */
class SavedObjectsTest {

    static final ObjectMapper M = new ObjectMapper();

    @Test
    void theJarCarriesTheRepositorysFile() throws Exception {
        String file = new String(Files.readAllBytes(Paths.get("../dashboards/trailflow.ndjson")), StandardCharsets.UTF_8);
        assertEquals(SavedObjects.parse(file), SavedObjects.bundled());
    }

    @Test
    void everyObjectParsesAndEveryReferenceResolvesInTheFile() throws Exception {
        List<ObjectNode> objects = SavedObjects.bundled();
        assertReferencesResolve(objects);
        Map<String, Long> types = objects.stream().collect(Collectors.groupingBy(o -> o.get("type").asText(), Collectors.counting()));
        assertEquals(4, types.get("index-pattern"));
        assertEquals(3, types.get("dashboard"));
        assertTrue(types.get("visualization") >= 20 && types.get("search") >= 6, types.toString());
        Set<String> onADashboard = new HashSet<>();
        for (ObjectNode o : objects) {
            String type = o.get("type").asText();
            if (type.equals("dashboard")) {
                o.get("references").forEach(r -> onADashboard.add(r.get("id").asText()));
            }
            if (type.equals("visualization")) {
                JsonNode vis = json(o, "visState");
                for (JsonNode agg : vis.get("aggs")) {
                    if (agg.get("type").asText().equals("terms")) {
                        assertTrue(agg.get("params").get("missingBucket").asBoolean(), o.get("id") + ": a terms chart shows its missing bucket");
                    }
                    if (index(o).equals(SavedObjects.ROLLUPS) && agg.get("schema").asText().equals("metric")) {
                        assertEquals("sum", agg.get("type").asText(), o.get("id").asText());
                        assertEquals("aws.cloudtrail.event_count", agg.get("params").get("field").asText());
                    }
                }
            }
        }
        for (ObjectNode o : objects) {
            String type = o.get("type").asText();
            if (type.equals("visualization") || type.equals("search")) {
                assertTrue(onADashboard.contains(o.get("id").asText()), o.get("id") + " is on no dashboard");
            }
        }
    }

    /**
     * Every reference names an object of its type in the same file; each panel and each search source
     * names a reference of its object.
     */
    static void assertReferencesResolve(List<ObjectNode> objects) throws Exception {
        Map<String, String> typeById = new HashMap<>();
        for (ObjectNode o : objects) {
            assertTrue(o.get("attributes").hasNonNull("title"), o.toString());
            assertEquals(null, typeById.put(o.get("id").asText(), o.get("type").asText()), "duplicate id " + o.get("id"));
        }
        for (ObjectNode o : objects) {
            Set<String> names = new HashSet<>();
            for (JsonNode r : o.path("references")) {
                assertEquals(r.get("type").asText(), typeById.get(r.get("id").asText()), o.get("id") + " refers to " + r);
                names.add(r.get("name").asText());
            }
            JsonNode meta = o.path("attributes").path("kibanaSavedObjectMeta");
            if (!meta.isMissingNode()) {
                JsonNode source = M.readTree(meta.get("searchSourceJSON").asText());
                if (source.has("indexRefName")) {
                    assertTrue(names.contains(source.get("indexRefName").asText()), o.get("id").asText());
                }
            }
            switch (o.get("type").asText()) {
                case "visualization":
                    assertEquals(o.get("attributes").get("title").asText().replaceAll(" \\(.*\\)$", ""),
                            json(o, "visState").get("title").asText());
                    assertEquals(1, o.get("references").size(), o.get("id") + " reads one index pattern");
                    break;
                case "search":
                    assertEquals(1, o.get("references").size(), o.get("id") + " reads one index pattern");
                    break;
                case "dashboard":
                    for (JsonNode panel : json(o, "panelsJSON")) {
                        assertTrue(names.contains(panel.get("panelRefName").asText()), o.get("id") + " " + panel);
                    }
                    assertEquals(names.size(), json(o, "panelsJSON").size());
                    break;
                default:
                    assertEquals("index-pattern", o.get("type").asText());
            }
        }
    }

    @Test
    void theRawPatternExcludesWhatItsWildcardWouldTakeIn() {
        assertEquals("cloudtrail-*,-cloudtrail-rollups,-cloudtrail-deadletter,-cloudtrail-insights",
                new SavedObjects.Indices("cloudtrail-{yyyy.MM.dd}", "cloudtrail-rollups", "cloudtrail-deadletter",
                        "cloudtrail-insights").rawPattern());
        assertEquals("raw-*", new SavedObjects.Indices("raw-{yyyy.MM.dd}", "rollups", "raw.dead", "insights").rawPattern());
        assertEquals("ct-*-raw,-ct-x-raw", new SavedObjects.Indices("ct-{yyyy.MM.dd}-raw", "ct-rollups", "ct-x-raw",
                "ct-insights").rawPattern());
        assertEquals("ct-raw", new SavedObjects.Indices("ct-raw", "ct-rollups", "ct-dead", "ct-insights").rawPattern());
    }

    @Test
    void printWithAPrefixNamesThatDeploymentsIndicesAndKeepsItsObjectsApart() throws Exception {
        String out = run(0, "--print", "--index-prefix", "prod-ct-", "--opensearch.rollup-index", "prod-summary");
        List<ObjectNode> objects = SavedObjects.parse(out);
        assertReferencesResolve(objects);
        assertEquals(SavedObjects.bundled().size(), objects.size());
        Map<String, String> titles = new HashMap<>();
        for (ObjectNode o : objects) {
            assertTrue(o.get("id").asText().startsWith("prod-ct-trailflow-"), o.get("id").asText());
            titles.put(o.get("id").asText(), o.get("attributes").get("title").asText());
        }
        assertEquals("prod-ct-*,-prod-ct-deadletter,-prod-ct-insights", titles.get("prod-ct-" + SavedObjects.RAW));
        assertEquals("prod-summary", titles.get("prod-ct-" + SavedObjects.ROLLUPS), "an explicit option wins over the prefix");
        assertEquals("prod-ct-insights", titles.get("prod-ct-" + SavedObjects.INSIGHTS));
        assertEquals("prod-ct-deadletter", titles.get("prod-ct-" + SavedObjects.DEADLETTER));
        assertEquals("trailflow: CloudTrail activity (rollups) (prod-ct-)", titles.get("prod-ct-trailflow-rollups-dashboard"));

        // Without a prefix: the file as it is, the default names of the job.
        assertEquals(SavedObjects.toNdjson(SavedObjects.bundled()), run(0, "--print"));
    }

    @Test
    void withoutRawRecordsTheRawObjectsAreLeftOut() throws Exception {
        List<ObjectNode> objects = SavedObjects.parse(run(0, "--print", "--opensearch.raw-index", ""));
        assertReferencesResolve(objects);
        Set<String> ids = objects.stream().map(o -> o.get("id").asText()).collect(Collectors.toSet());
        assertFalse(ids.contains(SavedObjects.RAW));
        assertFalse(ids.contains("trailflow-investigate-dashboard"));
        assertTrue(ids.contains("trailflow-rollups-dashboard") && ids.contains("trailflow-insights-health-dashboard"));
        for (ObjectNode o : objects) {
            if (!o.get("type").asText().equals("index-pattern") && !o.get("type").asText().equals("dashboard")) {
                assertNotNull(index(o));
            }
        }
    }

    @Test
    void badCommandLinesSayWhatIsWrong() {
        assertTrue(runErr(2).contains("say install (with --url) or --print"));
        assertTrue(runErr(2, "install").contains("install needs --url"));
        assertTrue(runErr(2, "install", "--url", "127.0.0.1:5601").contains("--url: '127.0.0.1:5601' is not a URL"));
        assertTrue(runErr(2, "--print", "--opensearch.rollup-idx", "x").contains("unknown option opensearch.rollup-idx"));
        assertTrue(runErr(2, "--print", "--index-prefix", "Prod").contains("--index-prefix: 'Prod' is not valid"));
    }

    static String run(int exit, String... args) {
        return CommandRun.run(exit, args)[0];
    }

    static String runErr(int exit, String... args) {
        return CommandRun.run(exit, args)[1];
    }

    static JsonNode json(ObjectNode o, String attribute) throws Exception {
        return M.readTree(o.get("attributes").get(attribute).asText());
    }

    static String index(ObjectNode o) {
        return SavedObjects.indexPatternOf(o);
    }
}
