package dev.trailflow.udfs.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file of the shared real-CloudTrail corpus decodes without an exception into exactly the
 * counts of {@code corpus-expectations.tsv}, a table built by reading the files against SPEC §3.
 * The corpus lives beside the checkout (CI has it); it is never copied into the project.
 */
public class CorpusTest {

    static final Path CORPUS = Paths.get(System.getProperty("trailflow.samples", "../../shared/cloudtrail-samples"));

    /** Every file of the corpus, in path order; the calling test is skipped when the corpus is absent. */
    public static List<Path> files() throws IOException {
        assumeTrue(Files.isDirectory(CORPUS), "shared CloudTrail samples not found at " + CORPUS.toAbsolutePath()
                + " (CI has ../shared beside the checkout); skipping");
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            return walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    static List<String[]> table() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = CorpusTest.class.getResourceAsStream("/corpus-expectations.tsv");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isEmpty()) {
                    rows.add(line.split("\t", -1));
                }
            }
        }
        return rows;
    }

    @TestFactory
    Stream<DynamicTest> everyFileDecodesToItsExpectedCounts() throws IOException {
        assumeTrue(Files.isDirectory(CORPUS),
                "shared CloudTrail samples not found at " + CORPUS.toAbsolutePath()
                        + " (CI has ../shared beside the checkout); skipping the corpus test");
        return table().stream().map(row -> DynamicTest.dynamicTest(row[0], () -> {
            DecodeCounts counts = new DecodeCounts();
            try (InputStream in = Files.newInputStream(CORPUS.resolve(row[0]));
                    CloudTrailDecoder d = CloudTrailDecoder.open(in, row[0])) {
                for (Decoded x = d.next(); x != null; x = d.next()) {
                    counts.add(x);
                }
            }
            String expected = row[1] + " | " + row[2] + " | " + row[3];
            String actual = counts.events() + (counts.insights() == 0 ? "" : " +" + counts.insights() + " insights")
                    + " | " + DecodeCounts.format(counts.deadLetters()) + " | "
                    + DecodeCounts.format(counts.skips());
            assertEquals(expected, actual, row[0] + " (" + row[4] + ")");
        }));
    }

    @Test
    void tableCoversEveryFileOfTheCorpus() throws IOException {
        Set<String> onDisk = files().stream()
                .map(p -> CORPUS.relativize(p).toString().replace('\\', '/'))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> inTable = table().stream().map(r -> r[0]).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(onDisk, inTable);
    }
}
