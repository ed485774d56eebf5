package dev.trailflow.udfs.tools;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trailflow.udfs.decode.CloudTrailDecoder;
import dev.trailflow.udfs.decode.DecodeCounts;
import dev.trailflow.udfs.decode.Decoded;
import dev.trailflow.udfs.decode.SkipKind;
import dev.trailflow.udfs.flatten.EventFlattener;
import dev.trailflow.udfs.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code bin/trailflow-inspect}: decodes files exactly as the job does, without Flink or OpenSearch,
 * to answer "what is wrong with this S3 object". Bad data is reported, never an error: the exit code
 * is 2 for a usage error, 1 when a file could not be read at all, 0 otherwise.
 */
public final class Inspect {

    /** Keys the job never opens (SPEC §3): digests sign log files, they hold no events. */
    public static boolean isDigestKey(String path) {
        return path.replace('\\', '/').contains("CloudTrail-Digest/");
    }

    private Inspect() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean json = false;
        List<Path> roots = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--json")) {
                json = true;
            } else if (a.equals("--help") || a.equals("-h")) {
                out.println(usage());
                return 0;
            } else if (a.startsWith("-")) {
                err.println("trailflow-inspect: unknown option " + a + " (accepted: --json, --help)");
                err.println(usage());
                return 2;
            } else {
                roots.add(Paths.get(a));
            }
        }
        if (roots.isEmpty()) {
            err.println(usage());
            return 2;
        }
        for (Path r : roots) {
            if (!Files.exists(r)) {
                err.println("trailflow-inspect: no such file or directory: " + r);
                return 2;
            }
        }
        DecodeCounts total = new DecodeCounts();
        int files = 0;
        boolean unreadable = false;
        EventFlattener flattener = new EventFlattener();
        for (Path root : roots) {
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(root)) {
                paths = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            } catch (IOException e) {
                err.println("trailflow-inspect: cannot list " + root + ": " + e.getMessage());
                unreadable = true;
                continue;
            }
            for (Path path : paths) {
                files++;
                try {
                    DecodeCounts counts = inspect(path, json, out, flattener);
                    total.addAll(counts);
                    if (!json) {
                        out.println(path + ": " + summary(counts));
                    }
                } catch (IOException e) {
                    unreadable = true;
                    err.println("trailflow-inspect: cannot read " + path + ": " + e.getMessage());
                }
            }
        }
        if (!json) {
            out.println("total: " + files + " files, " + summary(total));
        }
        return unreadable ? 1 : 0;
    }

    static DecodeCounts inspect(Path path, boolean json, PrintStream out, EventFlattener flattener)
            throws IOException {
        DecodeCounts counts = new DecodeCounts();
        String name = path.toString();
        if (isDigestKey(name)) {
            counts.addSkip(SkipKind.DIGEST);
            if (json) {
                out.println(skipLine(name, SkipKind.DIGEST));
            }
            return counts;
        }
        try (InputStream in = Files.newInputStream(path);
                CloudTrailDecoder decoder = CloudTrailDecoder.open(in, name, flattener)) {
            for (Decoded d = decoder.next(); d != null; d = decoder.next()) {
                counts.add(d);
                if (json) {
                    out.println(jsonLine(name, d));
                } else if (d.kind() == Decoded.Kind.DEAD_LETTER) {
                    out.println("  dead letter " + d.deadLetter().reason + " at " + d.deadLetter().position + ": "
                            + d.deadLetter().message);
                }
            }
        }
        return counts;
    }

    private static String summary(DecodeCounts c) {
        return c.events() + " events, " + (c.insights() == 0 ? "" : c.insights() + " insights, ") + c.deadLetterTotal() + " dead letters ("
                + DecodeCounts.format(c.deadLetters()) + "), " + c.skipTotal() + " skipped ("
                + DecodeCounts.format(c.skips()) + ")";
    }

    private static String jsonLine(String file, Decoded d) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Json.FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("file", file);
            switch (d.kind()) {
                case EVENT:
                case INSIGHT:
                    g.writeStringField("type", d.kind() == Decoded.Kind.EVENT ? "event" : "insight");
                    g.writeStringField("id", d.record().documentId);
                    g.writeFieldName("document");
                    g.writeRawValue(new String(d.record().document, StandardCharsets.UTF_8));
                    break;
                case DEAD_LETTER:
                    g.writeStringField("type", "dead_letter");
                    g.writeFieldName("dead_letter");
                    g.writeRawValue(new String(d.deadLetter().toJson(System.currentTimeMillis()), StandardCharsets.UTF_8));
                    break;
                default:
                    g.writeStringField("type", "skip");
                    g.writeStringField("skip", d.skip().code());
            }
            g.writeEndObject();
        }
        return w.toString();
    }

    private static String skipLine(String file, SkipKind kind) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Json.FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("file", file);
            g.writeStringField("type", "skip");
            g.writeStringField("skip", kind.code());
            g.writeEndObject();
        }
        return w.toString();
    }

    private static String usage() {
        return "usage: trailflow-inspect [--json] FILE_OR_DIR...\n"
                + "  Decodes CloudTrail files (gzip or not; Records files, NDJSON, arrays, CloudWatch Logs and\n"
                + "  EventBridge envelopes) exactly as the job does and prints, per file, events, dead letters\n"
                + "  by reason and skips. --json prints one line per event, dead letter or skip instead.";
    }
}
