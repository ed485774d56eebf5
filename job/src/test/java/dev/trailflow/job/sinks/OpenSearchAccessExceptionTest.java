package dev.trailflow.job.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trailflow.job.options.JobSettings;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;

class OpenSearchAccessExceptionTest {

    static final String SECRET = "S3cret-never-shown";
    static final JobSettings SETTINGS = JobSettings.fromArgs(new String[] {"--source.paths", "/in",
        "--opensearch.hosts", "https://search.example.com:9200", "--opensearch.username", "writer",
        "--opensearch.password", SECRET});

    /** What the security plugin answered here to a bulk item, with the [s] of a shard-level action. */
    static final String DENIED = "{\"type\":\"security_exception\",\"reason\":\"no permissions for "
            + "[indices:data/write/bulk[s]] and User [name=writer, backend_roles=[], requestedTenant=null]\"}";

    @Test
    void theMissingPermissionIsReadFromTheSecurityPluginsAnswer() {
        assertEquals("indices:data/write/bulk[s]", OpenSearchAccessException.permission(DENIED));
        assertNull(OpenSearchAccessException.permission("{\"error\":\"forbidden\"}"));
        assertNull(OpenSearchAccessException.permission(null));
    }

    @Test
    void aDenialNamesUserPermissionIndexAndRoleFileOnOneLine() {
        String m = OpenSearchAccessException.refused(SETTINGS, 403, DENIED, "writing the raw output",
                "cloudtrail-2024.09.27", null).getMessage();
        assertEquals("OpenSearch at https://search.example.com:9200 denied user writer the permission "
                + "indices:data/write/bulk[s] on cloudtrail-2024.09.27 (403) while writing the raw output: grant it to "
                + "the user's role (security/trailflow-writer-role.json lists every permission the job needs)", m);
    }

    @Test
    void aRefusedPasswordNamesTheOptionsNeverTheSecret() {
        String m = OpenSearchAccessException.refused(SETTINGS, 401, "Unauthorized", "checking it at start (GET /)", null,
                null).getMessage();
        assertTrue(m.contains("(401)") && m.contains("opensearch.username (writer)") && m.contains("opensearch.password"), m);
        assertFalse(m.contains(SECRET) || m.contains("\n"), m);
    }

    @Test
    void aDenialWithoutAPermissionKeepsTheAnswer() {
        String m = OpenSearchAccessException.refused(SETTINGS, 403, "{\"message\":\"User: arn:aws:iam::1:user/x is not "
                + "authorized\"}", "writing the rollups output", null, null).getMessage();
        assertTrue(m.contains("denied user writer (403)") && m.contains("is not authorized"), m);
    }

    @Test
    void itIsFoundBehindTheExceptionThatSuppressesRestarts() {
        OpenSearchAccessException e = new OpenSearchAccessException("denied");
        assertSame(e, OpenSearchAccessException.in(new RuntimeException(new SuppressRestartsException(e))).get());
        assertTrue(OpenSearchAccessException.in(new RuntimeException("other")).isEmpty());
    }
}
