package dev.trailflow.job.sinks;

import dev.trailflow.job.options.JobSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import io.github.acm19.aws.interceptor.http.AwsRequestSigningApacheInterceptor;
import org.apache.flink.connector.opensearch.sink.RestClientFactory;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;
import org.opensearch.client.RestClientBuilder;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.regions.Region;

/**
 * The one place that turns options into OpenSearch connections: hosts, basic auth or SigV4, TLS with a
 * private CA (host names verified), timeouts. The sinks and the job's own client are configured alike.
 */
public final class OpenSearchClients {

    private OpenSearchClients() {}

    public static HttpHost[] hosts(JobSettings settings) {
        return settings.opensearchHosts.stream()
                .map(u -> new HttpHost(u.getHost(), port(u), u.getScheme()))
                .toArray(HttpHost[]::new);
    }

    private static int port(URI u) {
        if (u.getPort() > 0) {
            return u.getPort();
        }
        return "https".equals(u.getScheme()) ? 443 : 80;
    }

    /** A low-level client for the start check, templates and dead letters of rejected documents. */
    public static RestClient restClient(JobSettings settings) {
        RestClientBuilder b = RestClient.builder(hosts(settings));
        configure(b, settings);
        return b.build();
    }

    /** Credentials, SigV4 and TLS of the options on any REST client: OpenSearch, or OpenSearch Dashboards. */
    public static void configure(RestClientBuilder b, JobSettings settings) {
        BasicCredentialsProvider credentials = null;
        if (settings.opensearchUsername != null) {
            credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY,
                    new UsernamePasswordCredentials(settings.opensearchUsername, settings.opensearchPassword()));
        }
        SSLContext tls = settings.opensearchCaPem == null ? null : sslContext(settings.opensearchCaPem);
        BasicCredentialsProvider c = credentials;
        b.setHttpClientConfigCallback(h -> {
            if (c != null) {
                h.setDefaultCredentialsProvider(c);
            }
            if (settings.sigv4Region != null) {
                // Last, so the signature covers the request as it is sent; credentials from the default chain.
                h.addInterceptorLast(new AwsRequestSigningApacheInterceptor(settings.sigv4Service, Aws4Signer.create(),
                        DefaultCredentialsProvider.create(), Region.of(settings.sigv4Region)));
            }
            if (tls != null) {
                // The default host name verifier stays: a certificate must name the host it came from.
                h.setSSLContext(tls);
            }
            return h;
        });
        b.setRequestConfigCallback(r -> r.setConnectTimeout(10_000).setSocketTimeout(60_000));
    }

    /** Trusts exactly the certificates of the CA file. */
    static SSLContext sslContext(String pem) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("opensearch.ca-file: cannot build a trust store from it: " + e.getMessage(), e);
        }
    }

    /** What the sinks use to build their clients, on every task manager. */
    public static final class Factory implements RestClientFactory {
        private static final long serialVersionUID = 1L;
        private final JobSettings settings;

        public Factory(JobSettings settings) {
            this.settings = settings;
        }

        @Override
        public void configureRestClientBuilder(RestClientBuilder builder, RestClientConfig config) {
            configure(builder, settings);
        }
    }

    /**
     * Fails at start, with what to fix, when OpenSearch cannot be reached, its certificate is not
     * trusted or does not name its host, or it refuses the credentials. Never shows the password.
     */
    public static void check(JobSettings settings) {
        String where = OpenSearchAccessException.where(settings);
        try (RestClient client = restClient(settings)) {
            client.performRequest(new Request("GET", "/"));
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            if (OpenSearchAccessException.isRefusal(status)) {
                throw OpenSearchAccessException.refused(settings, status, body(e), "checking it at start (GET /)", null,
                        null);
            }
            throw new OpenSearchAccessException(where + " answered " + status + " to GET /");
        } catch (ConnectException e) {
            throw new OpenSearchAccessException(where + ": nothing answers (" + e.getMessage() + ")");
        } catch (IOException e) {
            if (e instanceof SSLException || String.valueOf(e.getMessage()).contains("does not match the certificate")) {
                // An untrusted chain is an SSLException; a certificate for another host, a plain IOException.
                throw new OpenSearchAccessException(where + ": TLS failed, its certificate is not trusted or does not "
                        + "name the host (" + e.getMessage() + "); give the CA that signed it with opensearch.ca-file, "
                        + "and a host name the certificate names");
            }
            throw new OpenSearchAccessException(where + " cannot be reached: " + e);
        }
    }

    /** The body of an error answer, for the message; never fails. */
    public static String body(ResponseException e) {
        try {
            return e.getResponse().getEntity() == null ? "" : EntityUtils.toString(e.getResponse().getEntity());
        } catch (IOException unreadable) {
            return "(unreadable: " + unreadable.getMessage() + ")";
        }
    }
}
