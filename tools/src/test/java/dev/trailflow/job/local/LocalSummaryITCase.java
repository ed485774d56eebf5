package dev.trailflow.job.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailflow.job.it.OpenSearchIt;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.sinks.IndexTemplates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bin/trailflow-local's summary against the real security plugin: with only the job's role (which
 * reads nothing) it is one line saying what it would need; with those two permissions added, the
 * figures.
 */
class LocalSummaryITCase {

    static final String USER = "trailflow-summary";
    static final String PASSWORD = "Summ4ry-8xQ-never-logged";
    static OpenSearchIt secure;
    static ObjectNode role;
    static JobSettings settings;

    @BeforeAll
    static void written() throws IOException {
        secure = OpenSearchIt.secure();
        role = (ObjectNode) new ObjectMapper().readTree(Files.readAllBytes(Paths.get("../security/trailflow-writer-role.json")));
        settings = JobSettings.fromArgs(new String[] {"--source.paths", ".", "--opensearch.hosts", secure.url,
            "--opensearch.ca-file", secure.caFile.toString(), "--opensearch.username", USER, "--opensearch.password", PASSWORD});
        secure.grant(USER, PASSWORD, role.toString());
        secure.deleteIndices("cloudtrail-*");
        IndexTemplates.install(settings);
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            bulk.append("{\"index\":{\"_index\":\"cloudtrail-2024.09.27\",\"_id\":\"e").append(i).append("\"}}\n")
                    .append("{\"eventName\":\"GetObject\",\"@timestamp\":\"2024-09-27T00:00:00Z\"}\n");
        }
        bulk.append("{\"index\":{\"_index\":\"cloudtrail-rollups\",\"_id\":\"r\"}}\n{\"start_time\":\"2024-09-27T00:00:00.000000+0000\","
                + "\"aws.cloudtrail.eventName\":\"GetObject\",\"aws.cloudtrail.event_count\":3}\n");
        bulk.append("{\"index\":{\"_index\":\"cloudtrail-deadletter\",\"_id\":\"d\"}}\n{\"reason\":{\"code\":\"json_syntax\"}}\n");
        secure.bulk(bulk.toString());
    }

    @AfterAll
    static void close() throws IOException {
        if (secure != null) {
            secure.close();
        }
    }

    private static String summary() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        LocalRun.report(settings, new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withOnlyTheJobsRoleTheSummaryIsOneLineNamingWhatItNeeds() throws IOException {
        secure.grant(USER, PASSWORD, role.toString());
        String out = summary();
        assertTrue(out.startsWith("no summary: ") && out.contains("indices:admin/refresh")
                && out.contains("indices:data/read/search"), out);
        assertTrue(out.trim().lines().count() == 1, out);
        assertFalse(out.contains(PASSWORD));
    }

    @Test
    void withRefreshAndSearchAddedTheSummaryShowsTheFigures() throws IOException {
        ObjectNode reader = role.deepCopy();
        ((ArrayNode) reader.get("index_permissions").get(0).get("allowed_actions")).add("indices:admin/refresh*")
                .add("indices:data/read/search");
        secure.grant(USER, PASSWORD, reader.toString());
        String out = summary();
        assertTrue(out.matches("(?s)events indexed: +3 .*rollups written: +1 .*dead letters: +1 .*json_syntax +1.*"), out);
    }
}
