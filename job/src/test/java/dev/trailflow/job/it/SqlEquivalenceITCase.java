package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.sql.SqlRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sql/rollup.sql (BATCH) and the DataStream job over the same generated files write the same rollup
 * documents (same ids, same counts), both equal an independent GROUP BY, and route the same dead letters.
 */
class SqlEquivalenceITCase extends JobITBase {

    @TempDir
    Path dir;

    @BeforeAll
    static void clean() throws Exception {
        os.deleteIndices("itq-*");
    }

    private static Map<String, Long> byId(String index) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (JsonNode d : os.all(index)) {
            out.put(d.get("_id").asText(), d.get("aws.cloudtrail.event_count").asLong());
        }
        return out;
    }

    @Test
    void theSqlScriptAndTheJobWriteTheSameRollups() throws Exception {
        ExpectedOutput expected = ExpectedOutput.generateFiles(new GeneratorConfig().events(8_000).seed(61)
                .span(Duration.ofHours(3)).oddTimeFraction(0.05), dir, 300_000);
        Path bad = dir.resolve("AWSLogs/planted");
        Files.createDirectories(bad);
        Files.write(bad.resolve("cut.json"), "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTi".getBytes(StandardCharsets.UTF_8));
        Files.write(bad.resolve("notification.json"), ("{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\","
                + "\"eventTime\":\"2024-09-27T20:00:00.000Z\",\"eventName\":\"ObjectCreated:Put\"}]}").getBytes(StandardCharsets.UTF_8));
        String paths = dir.resolve("AWSLogs").toString();

        TrailflowJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), JobSettings.fromArgs(new String[] {
            "--source.paths", paths, "--opensearch.hosts", os.url, "--opensearch.raw-index", "",
            "--opensearch.rollup-index", "itq-job-rollups", "--opensearch.deadletter-index", "itq-job-dead",
            "--parallelism", "2"}));

        Map<String, String> given = JobSettings.parseArgs(new String[] {
            "--source.paths", paths, "--opensearch.hosts", os.url,
            "--opensearch.rollup-index", "itq-sql-rollups", "--opensearch.deadletter-index", "itq-sql-dead"});
        JobSettings sqlSettings = JobSettings.fromMap(given);
        String script = new String(Files.readAllBytes(Paths.get("..", "sql", "rollup.sql")), StandardCharsets.UTF_8);
        SqlRunner.run(SqlRunner.prepare(script, sqlSettings, given), sqlSettings);

        Map<String, Long> job = byId("itq-job-rollups");
        Map<String, Long> sql = byId("itq-sql-rollups");
        assertEquals(job.size(), sql.size(), "as many rollup documents");
        assertEquals(job, sql, "same _id, same count");
        var written = ExpectedOutput.written(os, "itq-sql-rollups");
        assertTrue(expected.rollups.equals(written), () -> ExpectedOutput.diff(expected.rollups, written));
        JsonNode one = os.all("itq-sql-rollups").get(0);
        assertEquals(one.get("_id").asText(), one.get("rollup_id").asText(), "the key column is the document id");

        Map<String, Long> planted = Map.of("json_syntax", 1L, "not_cloudtrail", 1L);
        assertEquals(planted, os.reasons("itq-job-dead"));
        assertEquals(planted, os.reasons("itq-sql-dead"), "the SQL routes the same dead letters");
    }
}
