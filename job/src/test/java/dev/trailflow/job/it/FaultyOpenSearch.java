package dev.trailflow.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A busy OpenSearch: an HTTP relay in front of the real one that answers a share of bulk requests
 * with a whole-request 429 or 503 (without passing them on), and in the answers of the rest marks a
 * share of the items as rejected with 429 (they were written; the job must send them again, and
 * that must be harmless). Seeded, and counting what it did, so a test can show the faults happened.
 * Put a {@link TcpProxy} in front of it for outages.
 */
final class FaultyOpenSearch implements AutoCloseable {

    private static final ObjectMapper M = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final int targetPort;
    private final Random random;
    private final double whole429;
    private final double whole503;
    private final double item429;
    final AtomicInteger bulks = new AtomicInteger();
    final AtomicInteger refused429 = new AtomicInteger();
    final AtomicInteger refused503 = new AtomicInteger();
    final AtomicInteger items429 = new AtomicInteger();

    FaultyOpenSearch(int targetPort, long seed, double whole429, double whole503, double item429) throws IOException {
        this.targetPort = targetPort;
        this.random = new Random(seed);
        this.whole429 = whole429;
        this.whole503 = whole503;
        this.item429 = item429;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private synchronized double draw() {
        return random.nextDouble();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (!ex.getRequestURI().getPath().equals("/_bulk")) {
                Relay.toOpenSearch(ex, body, targetPort);
                return;
            }
            bulks.incrementAndGet();
            double d = draw();
            if (d < whole429) {
                refused429.incrementAndGet();
                Relay.reply(ex, 429, ("{\"error\":{\"type\":\"circuit_breaking_exception\",\"reason\":\"[parent] Data too "
                        + "large\"},\"status\":429}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (d < whole429 + whole503) {
                refused503.incrementAndGet();
                Relay.reply(ex, 503, "{\"error\":\"unavailable\",\"status\":503}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + targetPort + ex.getRequestURI()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Content-Type", ex.getRequestHeaders().getFirst("Content-Type"));
            HttpResponse<byte[]> resp = upstream.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
            Relay.reply(ex, resp.statusCode(), resp.statusCode() == 200 ? rejectSomeItems(resp.body()) : resp.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            ex.close();
        }
    }

    /** Marks a share of the items 429, as a node whose write queue is full does. */
    private byte[] rejectSomeItems(byte[] answer) throws IOException {
        JsonNode root = M.readTree(answer);
        JsonNode items = root.path("items");
        boolean changed = false;
        for (JsonNode item : items) {
            if (draw() >= item429) {
                continue;
            }
            ObjectNode action = (ObjectNode) item.elements().next();
            if (action.path("status").asInt() >= 300) {
                continue;
            }
            action.put("status", 429);
            action.putObject("error").put("type", "es_rejected_execution_exception").put("reason", "rejected execution");
            items429.incrementAndGet();
            changed = true;
        }
        if (!changed) {
            return answer;
        }
        ((ObjectNode) root).put("errors", true);
        return M.writeValueAsBytes(root);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
