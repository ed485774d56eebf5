package dev.trailflow.job.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.options.TrailflowOptions;
import dev.trailflow.job.sinks.OpenSearchClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.http.HttpHost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.message.BasicNameValuePair;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.RequestOptions;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;
import org.opensearch.client.RestClientBuilder;

/**
 * {@code bin/trailflow-dashboards}: imports the saved objects into OpenSearch Dashboards through its
 * saved-objects API, with the index names, credentials, SigV4 and CA of the job's own options, or
 * prints them for a manual import.
 */
public final class DashboardsCommand {

    static final String USAGE = String.join("\n",
            "usage: trailflow-dashboards install --url URL [--index-prefix P] [--tenant T] [--key value ...]",
            "       trailflow-dashboards --print [--index-prefix P] [--key value ...]",
            "  --url URL          OpenSearch Dashboards, e.g. http://127.0.0.1:5601 or https://DOMAIN/_dashboards",
            "  --print            write the NDJSON to standard output instead of importing it",
            "  --index-prefix P   the indices are P{yyyy.MM.dd}, Prollups, Pdeadletter, Pinsights; the saved objects'",
            "                     ids and titles carry P, so several deployments' dashboards live side by side",
            "  --tenant T         the security plugin's tenant to import into (header securitytenant)",
            "  --key value        the job's own options: opensearch.raw-index, opensearch.rollup-index,",
            "                     opensearch.deadletter-index, opensearch.insights-index, opensearch.username,",
            "                     opensearch.password, opensearch.aws-sigv4-region, opensearch.aws-sigv4-service,",
            "                     opensearch.ca-file; other job options are accepted and ignored",
            "");

    private static final ObjectMapper M = new ObjectMapper();

    private DashboardsCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** @return the exit code: 0 done, 1 the import failed, 2 bad usage */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Invocation inv;
        try {
            inv = Invocation.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("trailflow-dashboards: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (inv.help) {
            out.print(USAGE);
            return 0;
        }
        String ndjson = SavedObjects.toNdjson(SavedObjects.forIndices(SavedObjects.bundled(), inv.indices, inv.idPrefix));
        if (inv.print) {
            out.print(ndjson);
            return 0;
        }
        try {
            int count = install(inv, ndjson);
            out.println("imported " + count + " saved objects into " + inv.url + " (raw: " + inv.indices.rawPattern()
                    + ", rollups: " + inv.indices.rollups + ", Insights: " + inv.indices.insights + ", dead letters: "
                    + inv.indices.deadLetter + ")");
            return 0;
        } catch (IOException | IllegalStateException e) {
            err.println("trailflow-dashboards: " + e.getMessage());
            return 1;
        }
    }

    /** POST /api/saved_objects/_import?overwrite=true, the file as multipart form data; returns how many were imported. */
    static int install(Invocation inv, String ndjson) throws IOException {
        URI url = inv.url;
        int port = url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        RestClientBuilder b = RestClient.builder(new HttpHost(url.getHost(), port, url.getScheme()));
        String path = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
        if (!path.isEmpty()) {
            b.setPathPrefix(path);
        }
        OpenSearchClients.configure(b, inv.settings);
        String boundary = "trailflow-" + UUID.randomUUID();
        Request r = new Request("POST", "/api/saved_objects/_import");
        r.addParameter("overwrite", "true");
        r.setEntity(new ByteArrayEntity(multipart(boundary, "trailflow.ndjson", ndjson),
                ContentType.create("multipart/form-data", new BasicNameValuePair("boundary", boundary))));
        RequestOptions.Builder options = RequestOptions.DEFAULT.toBuilder();
        // Dashboards refuses API writes without it (cross-site request forgery protection).
        options.addHeader("osd-xsrf", "true");
        if (inv.settings.opensearchUsername != null) {
            // Sent at once: Dashboards does not always answer 401 with the challenge a client waits for.
            options.addHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (inv.settings.opensearchUsername + ":" + inv.settings.opensearchPassword()).getBytes(StandardCharsets.UTF_8)));
        }
        if (inv.tenant != null) {
            options.addHeader("securitytenant", inv.tenant);
        }
        r.setOptions(options);
        String where = "OpenSearch Dashboards at " + url;
        try (RestClient client = b.build()) {
            Response resp = client.performRequest(r);
            JsonNode answer = M.readTree(EntityUtils.toString(resp.getEntity()));
            if (!answer.path("success").asBoolean(false)) {
                throw new IllegalStateException(where + " did not import every object: " + answer.path("errors"));
            }
            return answer.path("successCount").asInt();
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            String body = EntityUtils.toString(e.getResponse().getEntity());
            String hint = status == 401 ? ": check opensearch.username and opensearch.password"
                    : status == 403 ? ": the user (or the AWS credentials) may not write saved objects" + (inv.tenant == null
                            ? "" : " in tenant " + inv.tenant)
                    : status == 404 ? ": is --url the Dashboards address (with /_dashboards on Amazon OpenSearch Service)?"
                    : "";
            throw new IllegalStateException(where + " answered " + status + hint + " (" + body + ")", e);
        } catch (ConnectException e) {
            throw new IllegalStateException(where + ": nothing answers (" + e.getMessage() + ")", e);
        }
    }

    static byte[] multipart(String boundary, String fileName, String content) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/ndjson\r\n\r\n";
        b.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        b.writeBytes(content.getBytes(StandardCharsets.UTF_8));
        b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    /** One command line, parsed and checked. */
    static final class Invocation {
        boolean help;
        boolean print;
        URI url;
        String tenant;
        String idPrefix = "";
        SavedObjects.Indices indices;
        JobSettings settings;

        static Invocation parse(String[] args) {
            Invocation inv = new Invocation();
            boolean install = false;
            String prefix = null;
            Map<String, String> options = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("install") && i == 0) {
                    install = true;
                } else if (a.equals("--print")) {
                    inv.print = true;
                } else if (a.equals("--help") || a.equals("-h")) {
                    inv.help = true;
                    return inv;
                } else if (a.startsWith("--") && a.length() > 2) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("option " + a + " needs a value");
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--url":
                            inv.url = url(v);
                            break;
                        case "--tenant":
                            inv.tenant = v;
                            break;
                        case "--index-prefix":
                            prefix = v;
                            break;
                        default:
                            options.put(a.substring(2), v);
                    }
                } else {
                    throw new IllegalArgumentException("unexpected argument " + a);
                }
            }
            if (!install && !inv.print) {
                throw new IllegalArgumentException("say install (with --url) or --print");
            }
            if (!inv.print && inv.url == null) {
                throw new IllegalArgumentException("install needs --url, the address of OpenSearch Dashboards");
            }
            if (prefix != null) {
                if (prefix.isEmpty() || !prefix.equals(prefix.toLowerCase(java.util.Locale.ROOT))
                        || !prefix.matches("[a-z0-9][a-z0-9._-]*")) {
                    throw new IllegalArgumentException("--index-prefix: '" + prefix
                            + "' is not valid; accepted: lower-case letters, digits, . _ - (e.g. prod-cloudtrail-)");
                }
                inv.idPrefix = prefix;
                options.putIfAbsent(TrailflowOptions.OPENSEARCH_RAW_INDEX.key(), prefix + "{yyyy.MM.dd}");
                options.putIfAbsent(TrailflowOptions.OPENSEARCH_ROLLUP_INDEX.key(), prefix + "rollups");
                options.putIfAbsent(TrailflowOptions.OPENSEARCH_DEADLETTER_INDEX.key(), prefix + "deadletter");
                options.putIfAbsent(TrailflowOptions.OPENSEARCH_INSIGHTS_INDEX.key(), prefix + "insights");
            }
            // The job's command line works here unchanged; a file source's paths do not matter to dashboards.
            if (!"kinesis".equals(options.get(TrailflowOptions.SOURCE_TYPE.key()))) {
                options.putIfAbsent(TrailflowOptions.SOURCE_PATHS.key(), "unused-by-dashboards");
            }
            inv.settings = JobSettings.fromMap(options);
            if (!inv.settings.insightsEnabled()) {
                // The job then sends Insights to the dead letters; the dashboards still need an index to name.
                throw new IllegalArgumentException(TrailflowOptions.OPENSEARCH_INSIGHTS_INDEX.key()
                        + ": '' is not a valid index name");
            }
            inv.indices = new SavedObjects.Indices(inv.settings.rawIndex, inv.settings.rollupIndex,
                    inv.settings.deadLetterIndex, inv.settings.insightsIndex);
            return inv;
        }

        private static URI url(String v) {
            URI u;
            try {
                u = URI.create(v.trim());
            } catch (IllegalArgumentException e) {
                u = null;
            }
            if (u == null || u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                throw new IllegalArgumentException("--url: '" + v + "' is not a URL; accepted: http(s)://host[:port][/path]");
            }
            return u;
        }
    }
}
