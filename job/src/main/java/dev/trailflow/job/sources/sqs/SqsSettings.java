package dev.trailflow.job.sources.sqs;

import dev.trailflow.job.options.JobSettings;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.Path;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** What the SQS source needs of the options, shipped to every reader. */
public final class SqsSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** SQS's longest long poll: fewest empty receives, each reader waiting at most this long. */
    static final int WAIT_SECONDS = 20;

    final String queueUrl;
    final String endpoint;
    final String region;
    final Duration visibilityTimeout;
    /** Each source path as scheme and bucket/prefix: a file is read only under one of them. */
    final List<String[]> paths;
    final boolean documents;

    public SqsSettings(String queueUrl, String endpoint, String region, Duration visibilityTimeout,
            List<String> sourcePaths, boolean documents) {
        this.queueUrl = queueUrl;
        this.endpoint = endpoint;
        this.region = region;
        this.visibilityTimeout = visibilityTimeout;
        this.paths = new ArrayList<>();
        for (String p : sourcePaths) {
            int colon = p.indexOf("://");
            paths.add(new String[] {p.substring(0, colon), p.substring(colon + 3)});
        }
        this.documents = documents;
    }

    public static SqsSettings of(JobSettings s) {
        return new SqsSettings(s.sqsQueueUrl, s.sqsEndpoint, s.sqsRegion, s.sqsVisibilityTimeout, s.sourcePaths,
                s.rawEnabled());
    }

    /**
     * The file system path of a notified object under a source path, in that path's scheme (s3 or
     * s3a, as the file systems the job loads are registered); null when it lies under none.
     */
    Path path(String bucket, String key) {
        String where = bucket + "/" + key;
        for (String[] p : paths) {
            // A path names a folder (or the bucket), so "logs" must not match "logs-old/...".
            String folder = p[1].endsWith("/") ? p[1] : p[1] + "/";
            if (where.startsWith(folder) || where.equals(p[1])) {
                // Built from its parts: a key may hold spaces and other characters a URI string may not.
                return new Path(p[0], bucket, "/" + key);
            }
        }
        return null;
    }

    /** Over the JDK's HTTP client; its read timeout leaves room for a whole long poll. */
    SqsClient client() {
        SqsClientBuilder b = SqsClient.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(WAIT_SECONDS + 15)));
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint));
        }
        return b.build();
    }
}
