package dev.trailflow.job.it;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Passes an HTTP exchange a test server accepted on to the real OpenSearch, and its answer back. */
final class Relay {

    private static final HttpClient UPSTREAM = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Relay() {}

    static void toOpenSearch(HttpExchange ex, byte[] body, int port) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + ex.getRequestURI()))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type != null) {
            r.header("Content-Type", type);
        }
        HttpResponse<byte[]> resp = UPSTREAM.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
        reply(ex, resp.statusCode(), "HEAD".equals(ex.getRequestMethod()) ? new byte[0] : resp.body());
    }

    static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
