package dev.trailflow.job.sinks;

import dev.trailflow.job.options.JobSettings;
import java.net.URI;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.opensearch.client.RestClient;
import org.opensearch.client.RestClientBuilder;

/** The one place that turns options into OpenSearch connections (hosts, credentials). */
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

    /** A low-level client for templates and dead letters of rejected documents. */
    public static RestClient restClient(JobSettings settings) {
        RestClientBuilder b = RestClient.builder(hosts(settings));
        if (settings.opensearchUsername != null) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY,
                    new UsernamePasswordCredentials(settings.opensearchUsername, settings.opensearchPassword()));
            b.setHttpClientConfigCallback(h -> h.setDefaultCredentialsProvider(credentials));
        }
        b.setRequestConfigCallback(r -> r.setConnectTimeout(10_000).setSocketTimeout(60_000));
        return b.build();
    }
}
