package dev.trailflow.job.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The property-group path (Managed Flink's runtime properties, or --properties-file) against the command line. */
class ManagedFlinkPropertiesTest {

    private static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode createApplication() throws Exception {
        return M.readTree(Files.readAllBytes(Paths.get("..", "managed-flink", "create-application.json")));
    }

    private static JsonNode trailflowGroup(JsonNode request) {
        for (JsonNode g : request.at("/ApplicationConfiguration/EnvironmentProperties/PropertyGroups")) {
            if (PropertySources.GROUP.equals(g.get("PropertyGroupId").asText())) {
                return g.get("PropertyMap");
            }
        }
        throw new AssertionError("no property group " + PropertySources.GROUP);
    }

    /** The runtime properties file Managed Flink gives an application, holding these groups. */
    private Path runtimeProperties(JsonNode trailflowMap) throws Exception {
        ArrayNode groups = M.createArrayNode();
        groups.addObject().put("PropertyGroupId", "someone-else").putObject("PropertyMap").put("not.ours", "x");
        ObjectNode g = groups.addObject().put("PropertyGroupId", PropertySources.GROUP);
        g.set("PropertyMap", trailflowMap);
        Path f = dir.resolve("application_properties.json");
        Files.write(f, M.writeValueAsBytes(groups));
        return f;
    }

    @Test
    void thePropertyGroupBuildsTheSameOptionsAsTheCommandLine() throws Exception {
        JsonNode map = trailflowGroup(createApplication());
        List<String> args = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            args.add("--" + e.getKey());
            args.add(e.getValue().asText());
        }
        JobSettings fromCommandLine = JobSettings.fromArgs(args.toArray(new String[0]));
        JobSettings fromGroup = PropertySources.settings(new String[] {
            "--properties-file", runtimeProperties(map).toString()});
        assertEquals(fromCommandLine.toString(), fromGroup.toString());
        assertEquals(fromCommandLine.monitorInterval, fromGroup.monitorInterval);
        assertEquals(List.of("s3://example-trail-bucket/AWSLogs/"), fromGroup.sourcePaths);
    }

    @Test
    void theCommandLineWinsOverTheGroupAndTheGroupOverTheDefaults() throws Exception {
        ObjectNode map = M.createObjectNode().put("source.paths", "s3://a/").put("window.size", "15 min");
        JobSettings s = PropertySources.settings(new String[] {
            "--properties-file", runtimeProperties(map).toString(), "--window.size", "1 min"});
        assertEquals(java.time.Duration.ofMinutes(1), s.windowSize);
        assertEquals(List.of("s3://a/"), s.sourcePaths);
        assertEquals(java.time.Duration.ofMinutes(1), s.watermarkDelay, "the default where nobody says");
    }

    @Test
    void aBadGroupOrFileFailsAtStartNamingIt() throws Exception {
        ObjectNode map = M.createObjectNode().put("source.paths", "s3://a/").put("window.sise", "5 min");
        String unknown = assertThrows(IllegalArgumentException.class, () -> PropertySources.settings(new String[] {
            "--properties-file", runtimeProperties(map).toString()})).getMessage();
        assertTrue(unknown.startsWith("unknown option window.sise"), unknown);
        String missing = assertThrows(IllegalArgumentException.class, () -> PropertySources.settings(new String[] {
            "--properties-file", dir.resolve("missing.json").toString()})).getMessage();
        assertTrue(missing.contains("does not exist"), missing);
        Path notJson = dir.resolve("bad.json");
        Files.write(notJson, "source.paths=s3://a/".getBytes(StandardCharsets.UTF_8));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PropertySources.settings(new String[] {
            "--properties-file", notJson.toString()})).getMessage().contains("is not a runtime properties file"));
    }

    @Test
    void outsideManagedFlinkThereIsNoGroupAndThatIsFine() {
        assertEquals(Map.of(), PropertySources.group(null));
    }

    @Test
    void theCreateApplicationRequestRunsFlink120WithCheckpointsAndParallelism() throws Exception {
        JsonNode r = createApplication();
        assertEquals("FLINK-1_20", r.get("RuntimeEnvironment").asText());
        JsonNode flink = r.at("/ApplicationConfiguration/FlinkApplicationConfiguration");
        assertTrue(flink.at("/CheckpointConfiguration/CheckpointingEnabled").asBoolean());
        assertTrue(flink.at("/ParallelismConfiguration/Parallelism").asInt() > 0);
        assertTrue(r.at("/ApplicationConfiguration/ApplicationCodeConfiguration/CodeContent/S3ContentLocation/FileKey")
                .asText().endsWith("trailflow-job.jar"));
    }

    @Test
    void theOpenSearchPasswordMayComeFromTheEnvironmentAndIsNeverShown() {
        Map<String, String> env = Map.of("OPENSEARCH_PASSWORD", "s3cr3t-from-a-secret", "PATH", "/bin");
        JobSettings s = JobSettings.fromMap(PropertySources.resolve(new String[] {
            "--source.paths", "s3://a/", "--opensearch.username", "trailflow"}, env));
        assertEquals("s3cr3t-from-a-secret", s.opensearchPassword());
        assertTrue(!s.toString().contains("s3cr3t"), s.toString());
        assertEquals("given", PropertySources.resolve(new String[] {"--opensearch.password", "given"}, env)
                .get("opensearch.password"), "the command line still wins");
    }
}
