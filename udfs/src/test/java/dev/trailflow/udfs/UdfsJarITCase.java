package dev.trailflow.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The jar SQL users add to a Studio notebook, and the one bin/trailflow-inspect runs, as packaged: our
 * classes in them are udfs' own, with no generator or development tool (those have modules of their own).
 */
class UdfsJarITCase {

    private static List<String> ours(String property) throws IOException {
        try (JarFile jar = new JarFile(System.getProperty(property))) {
            return Collections.list(jar.entries()).stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("dev/trailflow/") && n.endsWith(".class")).collect(Collectors.toList());
        }
    }

    private static void onlyUdfs(List<String> classes) {
        assertTrue(classes.contains("dev/trailflow/udfs/decode/CloudTrailDecoder.class"), "the decoder is in");
        assertTrue(classes.contains("dev/trailflow/udfs/sql/CloudTrailFormatFactory.class"), "the SQL format is in");
        List<String> others = classes.stream()
                .filter(n -> !n.startsWith("dev/trailflow/udfs/") || n.startsWith("dev/trailflow/udfs/tools/Bench"))
                .collect(Collectors.toList());
        assertEquals(List.of(), others, "classes that are not udfs'");
    }

    @Test
    void theUdfsJarHoldsDecodingAndSqlOnly() throws IOException {
        onlyUdfs(ours("trailflow.udfs.jar"));
    }

    @Test
    void theInspectJarHoldsNoGenerator() throws IOException {
        onlyUdfs(ours("trailflow.udfs.tools-jar"));
    }
}
