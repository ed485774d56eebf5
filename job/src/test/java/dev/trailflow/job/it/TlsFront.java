package dev.trailflow.job.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * HTTPS with basic auth in front of the real local OpenSearch, as a secured cluster or a TLS proxy
 * presents it: a certificate from a private CA (made with the JDK's keytool), 401 with a Basic
 * challenge for missing or wrong credentials, every other request relayed to OpenSearch.
 */
final class TlsFront implements AutoCloseable {

    private static final String STORE_PASSWORD = "test-store";

    /** A private CA, a server certificate it signed for the given names, and a CA that signed nothing. */
    static final class Certificates {
        final Path caPem;
        final Path otherCaPem;
        final Path serverKeyStore;

        private Certificates(Path caPem, Path otherCaPem, Path serverKeyStore) {
            this.caPem = caPem;
            this.otherCaPem = otherCaPem;
            this.serverKeyStore = serverKeyStore;
        }

        static Certificates make(Path dir, String subjectAlternativeNames) throws IOException, InterruptedException {
            Files.createDirectories(dir);
            keytool(dir, "-genkeypair", "-keystore", "ca.p12", "-alias", "ca", "-dname", "CN=trailflow-test-ca",
                    "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-ext", "bc:c");
            keytool(dir, "-exportcert", "-keystore", "ca.p12", "-alias", "ca", "-rfc", "-file", "ca.pem");
            keytool(dir, "-genkeypair", "-keystore", "other.p12", "-alias", "other", "-dname", "CN=someone-else",
                    "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-ext", "bc:c");
            keytool(dir, "-exportcert", "-keystore", "other.p12", "-alias", "other", "-rfc", "-file", "other.pem");
            keytool(dir, "-genkeypair", "-keystore", "server.p12", "-alias", "server", "-dname", "CN=opensearch",
                    "-keyalg", "RSA", "-keysize", "2048", "-validity", "2");
            keytool(dir, "-certreq", "-keystore", "server.p12", "-alias", "server", "-file", "server.csr");
            keytool(dir, "-gencert", "-keystore", "ca.p12", "-alias", "ca", "-infile", "server.csr", "-outfile",
                    "server.pem", "-rfc", "-validity", "2", "-ext", "san=" + subjectAlternativeNames, "-ext", "eku=serverAuth");
            keytool(dir, "-importcert", "-keystore", "server.p12", "-alias", "ca", "-file", "ca.pem", "-noprompt");
            keytool(dir, "-importcert", "-keystore", "server.p12", "-alias", "server", "-file", "server.pem");
            return new Certificates(dir.resolve("ca.pem"), dir.resolve("other.pem"), dir.resolve("server.p12"));
        }

        private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
            cmd.addAll(List.of(args));
            cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD));
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + out);
            }
        }
    }

    private final HttpsServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final int targetPort;
    private final String expectedAuthorization;
    private final AtomicInteger refused = new AtomicInteger();

    TlsFront(int targetPort, Path serverKeyStore, String user, String password) throws Exception {
        this.targetPort = targetPort;
        this.expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKeyStore)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, STORE_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Requests answered 401. */
    int refused() {
        return refused.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (!expectedAuthorization.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"opensearch\"");
                Relay.reply(ex, 401, "{\"error\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Relay.toOpenSearch(ex, body, targetPort);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
