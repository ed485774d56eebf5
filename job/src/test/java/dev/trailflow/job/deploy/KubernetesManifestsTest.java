package dev.trailflow.job.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.options.PropertySources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.Test;

/** Every manifest under k8s/ as the Flink Kubernetes operator (1.10) reads it. */
class KubernetesManifestsTest {

    private static final Path K8S = Paths.get("..", "k8s");
    /** Unknown fields fail, as a typo in a manifest would be silently ignored otherwise. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> s = Files.list(K8S)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
        }
    }

    private static String jarInImage() throws IOException {
        String dockerfile = new String(Files.readAllBytes(K8S.resolve("Dockerfile")), StandardCharsets.UTF_8);
        assertTrue(dockerfile.contains("FROM flink:1.20.1-java11"), "Flink 1.20.1 on Java 11");
        assertTrue(dockerfile.contains("/opt/flink/plugins/s3-fs-hadoop/"), "the S3 plugin enabled");
        Matcher m = Pattern.compile("(?m)^COPY .*job/target/trailflow-job\\.jar (\\S+)$").matcher(dockerfile);
        assertTrue(m.find(), "the Dockerfile copies the job's jar");
        return m.group(1);
    }

    @Test
    void everyManifestIsAFlinkDeploymentOfOurImageAndJar() throws IOException {
        String jar = jarInImage();
        assertEquals("/opt/flink/usrlib/trailflow-job.jar", jar);
        List<Path> files = manifests();
        assertTrue(files.size() >= 2, "the backfill and the continuous job");
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
            FlinkDeployment d = YAML.readValue(text, FlinkDeployment.class);
            assertEquals(FlinkVersion.v1_20, d.getSpec().getFlinkVersion(), f.toString());
            assertEquals("local://" + jar, d.getSpec().getJob().getJarURI(), f.toString());
            assertEquals("dev.trailflow.job.TrailflowJob", d.getSpec().getJob().getEntryClass());
            assertNotNull(d.getSpec().getJobManager().getResource().getMemory(), "resources sized: " + f);
            assertNotNull(d.getSpec().getTaskManager().getResource().getCpu(), "resources sized: " + f);
            assertFalse(text.toLowerCase().contains("--opensearch.password"), "no password in " + f);
            assertTrue(text.contains("secretKeyRef") && text.contains("OPENSEARCH_PASSWORD"),
                    "the password comes from a Secret: " + f);
            // The arguments parse with the job's own options, the password arriving as the pod's env does.
            JobSettings s = JobSettings.fromMap(resolve(d.getSpec().getJob().getArgs()));
            assertTrue(s.sourcePaths.get(0).startsWith("s3://"), f.toString());
        }
    }

    private static Map<String, String> resolve(String[] args) {
        return PropertySources.resolve(args, Map.of("OPENSEARCH_PASSWORD", "from-the-secret"));
    }

    @Test
    void theContinuousJobUpgradesThroughSavepointsKeptInS3() throws IOException {
        FlinkDeployment d = YAML.readValue(K8S.resolve("continuous.yaml").toFile(), FlinkDeployment.class);
        assertEquals(UpgradeMode.SAVEPOINT, d.getSpec().getJob().getUpgradeMode());
        Map<String, String> conf = d.getSpec().getFlinkConfiguration();
        assertTrue(conf.get("state.checkpoints.dir").startsWith("s3://"));
        assertTrue(conf.get("state.savepoints.dir").startsWith("s3://"));
        JobSettings s = JobSettings.fromMap(resolve(d.getSpec().getJob().getArgs()));
        assertFalse(s.bounded(), "it follows new files");
    }

    @Test
    void theBackfillIsABoundedRun() throws IOException {
        FlinkDeployment d = YAML.readValue(K8S.resolve("backfill.yaml").toFile(), FlinkDeployment.class);
        assertTrue(JobSettings.fromMap(resolve(d.getSpec().getJob().getArgs())).bounded());
        assertEquals(UpgradeMode.STATELESS, d.getSpec().getJob().getUpgradeMode());
    }
}
