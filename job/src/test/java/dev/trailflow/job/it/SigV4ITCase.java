package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.kinesis.shaded.com.amazonaws.DefaultRequest;
import org.apache.flink.kinesis.shaded.com.amazonaws.auth.AWS4Signer;
import org.apache.flink.kinesis.shaded.com.amazonaws.auth.BasicAWSCredentials;
import org.apache.flink.kinesis.shaded.com.amazonaws.http.HttpMethodName;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SigV4 as Amazon OpenSearch Service checks it: a local endpoint recomputes every request's signature
 * with another signer (the AWS SDK v1 one inside the Kinesis connector, not the SDK v2 the job signs
 * with), relays the valid ones to the real OpenSearch and refuses the rest with 403.
 */
class SigV4ITCase extends JobITBase {

    static final String KEY_ID = "AKIDTRAILFLOWTEST";
    static final String SECRET = "trailflow/sigv4/test/secret";
    static final String REGION = "eu-west-1";
    static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)");

    static HttpServer server;
    static ExecutorService threads = Executors.newFixedThreadPool(8);
    static final AtomicInteger valid = new AtomicInteger();
    static final AtomicInteger invalid = new AtomicInteger();
    static int target;
    static Map<String, String> savedProperties = new java.util.HashMap<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        os.deleteIndices("itv-*");
        target = URI.create(os.url).getPort();
        savedProperties = useTestCredentials();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", SigV4ITCase::handle);
        server.setExecutor(threads);
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
        threads.shutdownNow();
        restore(savedProperties);
    }

    /** The test's key as what the default AWS credentials chain reads first (SDK v2 names); returns what was there. */
    static Map<String, String> useTestCredentials() {
        Map<String, String> saved = new java.util.HashMap<>();
        for (String k : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken")) {
            saved.put(k, System.getProperty(k));
        }
        System.setProperty("aws.accessKeyId", KEY_ID);
        System.setProperty("aws.secretAccessKey", SECRET);
        System.clearProperty("aws.sessionToken");
        return saved;
    }

    static void restore(Map<String, String> saved) {
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    /** The signature this request should carry, computed by the SDK v1 signer from what arrived. */
    static String expectedSignature(HttpExchange ex, byte[] body, String signedHeaders, String service) {
        DefaultRequest<Void> r = new DefaultRequest<>(service);
        r.setHttpMethod(HttpMethodName.valueOf(ex.getRequestMethod()));
        r.setEndpoint(URI.create("http://" + ex.getRequestHeaders().getFirst("Host")));
        r.setResourcePath(ex.getRequestURI().getRawPath());
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                r.addParameter(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        for (String h : signedHeaders.split(";")) {
            if (!h.equals("host") && !h.equals("x-amz-date")) {
                r.addHeader(h, ex.getRequestHeaders().getFirst(h));
            }
        }
        r.setContent(new ByteArrayInputStream(body));
        AWS4Signer signer = new AWS4Signer();
        signer.setServiceName(service);
        signer.setRegionName(REGION);
        String amzDate = ex.getRequestHeaders().getFirst("X-Amz-Date");
        signer.setOverrideDate(Date.from(java.time.LocalDateTime.parse(amzDate,
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC)));
        signer.sign(r, new BasicAWSCredentials(KEY_ID, SECRET));
        Matcher m = AUTHORIZATION.matcher(r.getHeaders().get("Authorization"));
        return m.matches() ? m.group(6) : "unparseable";
    }

    static void handle(HttpExchange ex) throws IOException {
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            Matcher m = AUTHORIZATION.matcher(auth == null ? "" : auth);
            boolean ok = m.matches() && m.group(1).equals(KEY_ID) && m.group(3).equals(REGION) && m.group(4).equals("es")
                    && m.group(6).equals(expectedSignature(ex, body, m.group(5), m.group(4)));
            if (!ok) {
                invalid.incrementAndGet();
                Relay.reply(ex, 403, "{\"message\":\"The request signature we calculated does not match\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            valid.incrementAndGet();
            Relay.toOpenSearch(ex, body, target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            invalid.incrementAndGet();
            Relay.reply(ex, 500, String.valueOf(e).getBytes(StandardCharsets.UTF_8));
        } finally {
            ex.close();
        }
    }

    @Test
    void everyRequestOfABackfillIsSignedAsAwsChecksIt() throws Exception {
        Path in = dir.resolve("in");
        ExpectedOutput expected = ExpectedOutput.generateFiles(new GeneratorConfig().events(2_000).seed(73)
                .span(Duration.ofHours(1)), in, 300_000);
        JobSettings settings = JobSettings.fromArgs(new String[] {"--source.paths", in.toString(),
            "--opensearch.hosts", "http://127.0.0.1:" + server.getAddress().getPort(),
            "--opensearch.aws-sigv4-region", REGION, "--opensearch.raw-index", "itv-raw-{yyyy.MM.dd}",
            "--opensearch.rollup-index", "itv-rollups", "--opensearch.deadletter-index", "itv-dead", "--parallelism", "2"});
        TrailflowJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), settings);

        assertEquals(0, invalid.get(), "no request failed the independent check");
        assertTrue(valid.get() > 3, "the start check, the templates and the bulk requests were all signed");
        assertEquals(expected.events, os.count("itv-raw-*"));
        Map<List<String>, Long> written = ExpectedOutput.written(os, "itv-rollups");
        assertTrue(expected.rollups.equals(written), () -> ExpectedOutput.diff(expected.rollups, written));
    }

    @Test
    void aRequestSignedWithAnotherSecretIsRefusedAndTheJobSaysWhatToCheck() {
        int refusedBefore = invalid.get();
        System.setProperty("aws.secretAccessKey", "not-the-secret");
        try {
            JobSettings settings = JobSettings.fromArgs(new String[] {"--source.paths", dir.toString(),
                "--opensearch.hosts", "http://127.0.0.1:" + server.getAddress().getPort(),
                "--opensearch.aws-sigv4-region", REGION});
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> TrailflowJob.prepare(StreamExecutionEnvironment.getExecutionEnvironment(), settings,
                            new TrailflowJob.OpenSearchOutputs(settings)));
            assertTrue(e.getMessage().contains("403") && e.getMessage().contains("opensearch.aws-sigv4-region"), e.getMessage());
            assertTrue(invalid.get() > refusedBefore, "the independent check refused it");
        } finally {
            System.setProperty("aws.secretAccessKey", SECRET);
            invalid.set(refusedBefore);
        }
    }
}
