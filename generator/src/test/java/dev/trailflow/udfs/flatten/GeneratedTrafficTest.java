package dev.trailflow.udfs.flatten;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trailflow.generate.CloudTrailGenerator;
import dev.trailflow.generate.GeneratorConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flattening checks of udfs' tests on a few thousand generated events, with every odd shape the
 * generator makes: here, as udfs must not depend on the generator.
 */
class GeneratedTrafficTest {

    private interface Check {
        int events(byte[] payload) throws IOException;
    }

    /** Runs the check over every file of a generated run; returns how many events it saw. */
    private static int overGenerated(GeneratorConfig config, Check check) throws IOException {
        List<byte[]> files = new ArrayList<>();
        new CloudTrailGenerator().generate(config, (key, delivered, json) -> files.add(json));
        int events = 0;
        for (byte[] f : files) {
            events += check.events(f);
        }
        return events;
    }

    @Test
    void generatedTrafficSplicesLikeItIsWritten() throws IOException {
        assertEquals(3000, overGenerated(new GeneratorConfig().events(3000).seed(5).gzip(false).largeEvents(2)
                .oddTimeFraction(0.2), SpliceEquivalenceTest::check));
    }

    @Test
    void generatedTrafficGoesWhereItGoesWithDocuments() throws IOException {
        assertEquals(3000, overGenerated(new GeneratorConfig().events(3000).seed(11).largeEvents(2)
                .oddTimeFraction(0.2), WithoutDocumentsTest::check));
    }
}
