package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/** The real OpenSearch that bin/test started, seen from a test: plain REST, no job code. */
public final class OpenSearchIt implements AutoCloseable {

    private static final ObjectMapper M = new ObjectMapper();

    public final String url;
    /** The secure instance's CA file; null for the plain one. */
    public final Path caFile;
    private final RestClient client;

    private OpenSearchIt(String url) {
        this.url = url;
        this.caFile = null;
        this.client = RestClient.builder(HttpHost.create(url)).build();
    }

    private OpenSearchIt(String url, Path caFile, String adminPassword) throws IOException {
        this.url = url;
        this.caFile = caFile;
        BasicCredentialsProvider admin = new BasicCredentialsProvider();
        admin.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials("admin", adminPassword));
        SSLContext tls = trusting(caFile);
        this.client = RestClient.builder(HttpHost.create(url))
                .setHttpClientConfigCallback(h -> h.setDefaultCredentialsProvider(admin).setSSLContext(tls)).build();
    }

    /**
     * The OpenSearch with the security plugin that bin/test started (bin/opensearch start --secure),
     * as its admin; skips the test when none was given.
     */
    public static OpenSearchIt secure() throws IOException {
        String url = System.getProperty("trailflow.it.opensearch.secure", "");
        assumeTrue(!url.isEmpty(), "no secure OpenSearch for integration tests: run bin/test, which starts one");
        String password = Files.readString(Paths.get(System.getProperty("trailflow.it.opensearch.secure.admin-password-file")))
                .trim();
        return new OpenSearchIt(url, Paths.get(System.getProperty("trailflow.it.opensearch.secure.ca-file")), password);
    }

    private static SSLContext trusting(Path caFile) throws IOException {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /**
     * Through the security plugin's REST API: an internal user with exactly this role (its JSON in the
     * plugin's REST shape), replacing what the user had.
     */
    public void grant(String user, String password, String roleJson) throws IOException {
        call("PUT", "/_plugins/_security/api/roles/" + user + "-role", roleJson);
        call("PUT", "/_plugins/_security/api/internalusers/" + user, "{\"password\":\"" + password + "\"}");
        call("PUT", "/_plugins/_security/api/rolesmapping/" + user + "-role", "{\"users\":[\"" + user + "\"]}");
    }

    /** Skips the test when no server was given (plain mvn verify); bin/test always gives one. */
    public static OpenSearchIt connect() {
        String url = System.getProperty("trailflow.it.opensearch", "");
        assumeTrue(!url.isEmpty(), "no OpenSearch for integration tests: run bin/test, which starts one");
        return new OpenSearchIt(url);
    }

    public JsonNode call(String method, String path, String body) throws IOException {
        Request r = new Request(method, path);
        if (body != null) {
            r.setJsonEntity(body);
        }
        try {
            Response resp = client.performRequest(r);
            return M.readTree(EntityUtils.toString(resp.getEntity()));
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                return M.readTree(EntityUtils.toString(e.getResponse().getEntity()));
            }
            throw e;
        }
    }

    /** Writes an NDJSON bulk body and fails unless every document was written. */
    public void bulk(String ndjson) throws IOException {
        Request r = new Request("POST", "/_bulk");
        r.setEntity(new org.apache.http.entity.StringEntity(ndjson, org.apache.http.entity.ContentType.create(
                "application/x-ndjson", java.nio.charset.StandardCharsets.UTF_8)));
        JsonNode answer = M.readTree(EntityUtils.toString(client.performRequest(r).getEntity()));
        if (answer.path("errors").asBoolean()) {
            throw new IOException("bulk failed: " + answer);
        }
    }

    public void deleteIndices(String pattern) throws IOException {
        call("DELETE", "/" + pattern + "?ignore_unavailable=true&expand_wildcards=all", null);
    }

    public long count(String index) throws IOException {
        call("POST", "/" + index + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
        JsonNode n = call("GET", "/" + index + "/_count?ignore_unavailable=true&allow_no_indices=true", null);
        return n.path("count").asLong(0);
    }

    /** Every document of an index (sources with _id), through search_after on _id. */
    public List<JsonNode> all(String index) throws IOException {
        call("POST", "/" + index + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
        List<JsonNode> docs = new ArrayList<>();
        String after = null;
        while (true) {
            String body = "{\"size\":5000,\"sort\":[{\"_id\":\"asc\"}]" + (after == null ? "" : ",\"search_after\":[" + after + "]")
                    + ",\"query\":{\"match_all\":{}}}";
            JsonNode hits = call("POST", "/" + index + "/_search?ignore_unavailable=true&allow_no_indices=true", body)
                    .path("hits").path("hits");
            if (hits.size() == 0) {
                return docs;
            }
            for (JsonNode h : hits) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) h.get("_source")).put("_id", h.get("_id").asText());
                docs.add(h.get("_source"));
            }
            after = M.writeValueAsString(hits.get(hits.size() - 1).get("sort").get(0));
        }
    }

    /** Polls until the condition holds (the job writes asynchronously); fails after the timeout. */
    /** Dead letters by reason code. */
    public java.util.Map<String, Long> reasons(String index) throws IOException {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        for (JsonNode d : all(index)) {
            out.merge(d.get("reason").get("code").asText(), 1L, Long::sum);
        }
        return out;
    }

    public static void await(String what, Duration timeout, IoCondition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** An index the job has just created answers 503 until its shard is allocated: not yet, not a failure. */
    private static boolean holds(IoCondition condition) throws Exception {
        try {
            return condition.holds();
        } catch (org.opensearch.client.ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 503) {
                return false;
            }
            throw e;
        }
    }

    /** A condition that may ask OpenSearch. */
    public interface IoCondition {
        boolean holds() throws Exception;
    }


    @Override
    public void close() throws IOException {
        client.close();
    }
}
