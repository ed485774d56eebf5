package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginUtils;

/**
 * The S3-API server bin/test started, reached through flink-s3-fs-hadoop loaded as a plugin — the
 * way Managed Flink and the k8s image load it — never from the test classpath.
 */
public final class S3It {

    public final String endpoint;
    private final String dataDir;

    private S3It(String endpoint, String dataDir) {
        this.endpoint = endpoint;
        this.dataDir = dataDir;
    }

    public static S3It connect() {
        String endpoint = System.getProperty("trailflow.it.s3", "");
        assumeTrue(!endpoint.isEmpty(), "no S3-API server for integration tests: run bin/test, which starts one");
        Configuration conf = new Configuration();
        // With its scheme: without one (and without ssl off) the client hangs for minutes (STACK).
        conf.setString("s3.endpoint", endpoint);
        conf.setString("s3.path.style.access", "true");
        conf.setString("s3.access-key", System.getProperty("trailflow.it.s3.access-key"));
        conf.setString("s3.secret-key", System.getProperty("trailflow.it.s3.secret-key"));
        conf.setString("s3.connection.ssl.enabled", "false");
        FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
        return new S3It(endpoint, System.getProperty("trailflow.it.s3.data"));
    }

    /** S3Proxy keeps a bucket as a folder of its data directory; it also answers PUT Bucket. */
    public void createBucket(String bucket) throws IOException {
        Files.createDirectories(Paths.get(dataDir, bucket));
    }

    /** A bucket of its own per run: objects of an earlier run must not leak into the counts. */
    public String freshBucket(String prefix) throws IOException {
        String bucket = prefix + "-" + Long.toHexString(System.currentTimeMillis());
        createBucket(bucket);
        return bucket;
    }

    /** Uploads through the S3 API (the plugin's S3A client), as an uploader of the trail would. */
    public void put(String bucket, String key, byte[] content) throws IOException {
        Path path = new Path("s3://" + bucket + "/" + key);
        try (OutputStream out = path.getFileSystem().create(path, FileSystem.WriteMode.OVERWRITE)) {
            out.write(content);
        }
    }
}
