package dev.trailflow.job.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trailflow.job.options.JobSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    private static List<String> prepare(String script, String... args) {
        Map<String, String> given = JobSettings.parseArgs(args);
        return SqlRunner.prepare(script, JobSettings.fromMap(given), given);
    }

    @Test
    void placeholdersTakeTheJobsOptionsAsSqlWantsThem() {
        List<String> s = prepare("SELECT ${window.size}, ${window.watermark-delay}, ${window.allowed-lateness};\n"
                + "SELECT '${opensearch.hosts}', '${source.paths}', '${opensearch.rollup-index}';\n",
                "--source.paths", "s3://trail/AWSLogs/", "--window.size", "1 h", "--opensearch.hosts", "http://a:9200,https://b");
        assertEquals("SELECT INTERVAL '1' HOUR, INTERVAL '1' MINUTE, INTERVAL '15' MINUTE", s.get(0));
        assertEquals("SELECT 'http://a:9200;https://b', 's3://trail/AWSLogs/', 'cloudtrail-rollups'", s.get(1));
        assertEquals("INTERVAL '150' MINUTE(3)", SqlScript.interval("k", Duration.ofMinutes(150)));
        assertEquals("INTERVAL '90' SECOND", SqlScript.interval("k", Duration.ofSeconds(90)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SqlScript.interval("window.size",
                Duration.ofMillis(1500))).getMessage().startsWith("window.size"));
    }

    @Test
    void anUnknownOrUnsetPlaceholderFailsWithItsName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> prepare("SELECT ${window.sise};\n",
                "--source.paths", "x")).getMessage().startsWith("${window.sise} is not an option; accepted: source.type"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> prepare("SELECT '${source.paths}';\n",
                "--source.paths", "a,b")).getMessage().contains("exactly one path"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> prepare("SELECT '${opensearch.username}';\n",
                "--source.paths", "a")).getMessage().startsWith("${opensearch.username} has no value"));
        assertEquals(List.of("SELECT 1"), prepare("-- ${not.an.option} in a comment is fine\nSELECT 1;\n",
                "--source.paths", "a"));
    }

    @Test
    void statementsAreCutAtLineEndSemicolonsAndAStatementSetIsOne() {
        List<String> s = SqlScript.statements("SET 'a' = 'b'; -- comment\n\nCREATE TABLE t (\n  x STRING -- why\n) WITH ('k' = '--v;');\n"
                + "EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO t SELECT 1;\nINSERT INTO t SELECT 2;\nEND;\n");
        assertEquals(3, s.size());
        assertEquals("SET 'a' = 'b'", s.get(0));
        assertEquals("CREATE TABLE t (\n  x STRING\n) WITH ('k' = '--v;')", s.get(1));
        assertTrue(s.get(2).startsWith("EXECUTE STATEMENT SET") && s.get(2).endsWith("END"), s.get(2));
        assertThrows(IllegalArgumentException.class, () -> SqlScript.statements("SELECT 1\n"));
    }

    @Test
    void theShippedScriptPreparesAndItsSetsChooseTheMode() throws IOException {
        String script = new String(Files.readAllBytes(Paths.get("..", "sql", "rollup.sql")), StandardCharsets.UTF_8);
        List<String> s = prepare(script, "--source.paths", "s3://trail/AWSLogs/", "--window.size", "15 min");
        assertTrue(s.stream().anyMatch(x -> x.contains("DESCRIPTOR(event_time), INTERVAL '15' MINUTE)")));
        assertTrue(s.stream().anyMatch(x -> x.contains("'path' = 's3://trail/AWSLogs/'")));
        assertEquals("batch", SqlRunner.setStatements(s).toMap().get("execution.runtime-mode"));
        assertTrue(s.get(s.size() - 1).startsWith("EXECUTE STATEMENT SET"));
    }
}
