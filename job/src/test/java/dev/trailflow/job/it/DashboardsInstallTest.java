package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trailflow.job.dashboards.CommandRun;
import dev.trailflow.job.dashboards.SavedObjects;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bin/trailflow-dashboards install against an in-JVM receiver standing in for OpenSearch Dashboards
 * (none can be installed here): the saved-objects import request, its multipart file with the job's
 * index names, the headers Dashboards requires, basic auth and a SigV4 signature checked as AWS
 * checks it, and what the command says when the import is refused.
 */
class DashboardsInstallTest {

    HttpServer server;
    String status;
    String reply;
    String method;
    String uri;
    Map<String, String> headers;
    byte[] body;
    String sigV4Expected;

    @BeforeEach
    void start() throws IOException {
        status = "200";
        reply = "{\"success\":true,\"successCount\":" + SavedObjects.bundled().size() + "}";
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    void handle(HttpExchange ex) throws IOException {
        method = ex.getRequestMethod();
        uri = ex.getRequestURI().toString();
        headers = new HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        body = ex.getRequestBody().readAllBytes();
        Matcher m = SigV4ITCase.AUTHORIZATION.matcher(headers.getOrDefault("authorization", ""));
        if (m.matches()) {
            sigV4Expected = SigV4ITCase.expectedSignature(ex, body, m.group(5), m.group(4));
        }
        Relay.reply(ex, Integer.parseInt(status), reply.getBytes(StandardCharsets.UTF_8));
        ex.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void theImportCarriesTheFileWithTheJobsIndexNamesAndTheHeadersDashboardsWants() throws Exception {
        String[] out = run(0, "install", "--url", url("/_dashboards/"), "--opensearch.username", "ops",
                "--opensearch.password", "s3cret-pass", "--opensearch.rollup-index", "ops-rollups",
                "--opensearch.insights-index", "ops-insights", "--tenant", "global");
        assertTrue(out[0].contains("imported " + SavedObjects.bundled().size() + " saved objects"), out[0]);
        assertEquals("POST", method);
        assertEquals("/_dashboards/api/saved_objects/_import?overwrite=true", uri);
        assertEquals("true", headers.get("osd-xsrf"));
        assertEquals("global", headers.get("securitytenant"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("ops:s3cret-pass".getBytes(StandardCharsets.UTF_8)),
                headers.get("authorization"), "sent with the first request, not after a challenge");
        Matcher type = Pattern.compile("multipart/form-data; ?boundary=(\\S+)").matcher(headers.get("content-type"));
        assertTrue(type.matches(), headers.get("content-type"));
        String file = filePart(new String(body, StandardCharsets.UTF_8), type.group(1));
        assertEquals(SavedObjects.toNdjson(SavedObjects.forIndices(SavedObjects.bundled(), new SavedObjects.Indices(
                "cloudtrail-{yyyy.MM.dd}", "ops-rollups", "cloudtrail-deadletter", "ops-insights"), "")), file);
        assertTrue(file.contains("\"title\":\"ops-rollups\"") && file.contains("\"title\":\"ops-insights\""));
    }

    /** The one part of a multipart/form-data body, checked to be the form's file field. */
    static String filePart(String body, String boundary) {
        String[] parts = body.split("--" + Pattern.quote(boundary));
        assertEquals(3, parts.length, "a preamble (empty), one part, the closing --");
        assertEquals("", parts[0]);
        assertEquals("--\r\n", parts[2]);
        int headEnd = parts[1].indexOf("\r\n\r\n");
        String head = parts[1].substring(0, headEnd);
        assertTrue(head.contains("Content-Disposition: form-data; name=\"file\"; filename=\"trailflow.ndjson\""), head);
        assertTrue(parts[1].endsWith("\r\n"));
        return parts[1].substring(headEnd + 4, parts[1].length() - 2);
    }

    @Test
    void withSigV4TheImportIsSignedAsAwsChecksIt() {
        Map<String, String> saved = SigV4ITCase.useTestCredentials();
        try {
            run(0, "install", "--url", url("/_dashboards"), "--opensearch.aws-sigv4-region", SigV4ITCase.REGION);
            Matcher m = SigV4ITCase.AUTHORIZATION.matcher(headers.get("authorization"));
            assertTrue(m.matches(), headers.get("authorization"));
            assertEquals(SigV4ITCase.KEY_ID, m.group(1));
            assertEquals("es", m.group(4), "Dashboards on Amazon OpenSearch Service is signed for the domain's service");
            assertEquals(sigV4Expected, m.group(6), "the signature covers the multipart body as sent");
            assertEquals("true", headers.get("osd-xsrf"));
        } finally {
            SigV4ITCase.restore(saved);
        }
    }

    @Test
    void aRefusedImportFailsWithDashboardsOwnWordsAndNeverThePassword() {
        reply = "{\"success\":false,\"successCount\":39,\"errors\":[{\"id\":\"trailflow-raw-root\",\"type\":\"search\","
                + "\"error\":{\"type\":\"missing_references\"}}]}";
        String err = run(1, "install", "--url", url(""), "--opensearch.username", "ops", "--opensearch.password", "s3cret-pass")[1];
        assertTrue(err.contains("did not import every object") && err.contains("missing_references"), err);

        status = "401";
        reply = "{\"statusCode\":401,\"error\":\"Unauthorized\"}";
        err = run(1, "install", "--url", url(""), "--opensearch.username", "ops", "--opensearch.password", "s3cret-pass")[1];
        assertTrue(err.contains("answered 401") && err.contains("opensearch.password"), err);
        assertFalse(err.contains("s3cret-pass"), err);
    }

    static String[] run(int exit, String... args) {
        return CommandRun.run(exit, args);
    }
}
