package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The deployable jar as Managed Flink and the Kubernetes image take it (runs after packaging). */
class ShadedJarITCase {

    private static String text(JarFile jar, String entry) throws IOException {
        assertNotNull(jar.getEntry(entry), entry);
        try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theJarStartsTheJobCarriesItsConnectorsAndLeavesFlinkOut() throws IOException {
        try (JarFile jar = new JarFile(Paths.get("target", "trailflow-job.jar").toFile())) {
            assertEquals("dev.trailflow.job.TrailflowJob", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            List<String> names = Collections.list(jar.entries()).stream().map(e -> e.getName()).collect(Collectors.toList());
            for (String flink : List.of("org/apache/flink/streaming/api/", "org/apache/flink/runtime/",
                    "org/apache/flink/table/api/", "org/apache/flink/api/common/")) {
                assertTrue(names.stream().noneMatch(n -> n.startsWith(flink)), "Flink itself is not shaded in: " + flink);
            }
            for (String ours : List.of("dev/trailflow/job/TrailflowJob.class", "dev/trailflow/udfs/decode/CloudTrailDecoder.class",
                    "org/apache/flink/streaming/connectors/kinesis/FlinkKinesisConsumer.class",
                    "org/apache/flink/connector/opensearch/sink/Opensearch2Sink.class",
                    "com/amazonaws/services/kinesisanalytics/runtime/KinesisAnalyticsRuntime.class")) {
                assertTrue(names.contains(ours), ours);
            }
            assertTrue(names.stream().noneMatch(n -> n.startsWith("org/apache/hadoop/")),
                    "the S3 file system comes as a plugin, never inside the jar");
            // The generator, the local runner, the benchmarks and the tests' helpers live in modules of their own.
            for (String notShipped : List.of("dev/trailflow/generate/", "dev/trailflow/job/local/",
                    "dev/trailflow/udfs/tools/BenchDecode", "dev/trailflow/job/sources/KinesisStreams",
                    "dev/trailflow/job/sources/CountingLister", "dev/trailflow/job/sources/ManualEnumeratorContext")) {
                assertTrue(names.stream().noneMatch(n -> n.startsWith(notShipped)), notShipped + " is not in the deployable");
            }
            assertTrue(text(jar, "config.properties").contains("application_properties_file"),
                    "the runtime properties reader finds its own config.properties");
            String factories = text(jar, "META-INF/services/org.apache.flink.table.factories.Factory");
            assertTrue(factories.contains("dev.trailflow.udfs.sql.CloudTrailFormatFactory")
                    && factories.contains("Opensearch2DynamicSinkFactory"), factories);
        }
    }
}
