package dev.trailflow.udfs.tools;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.trailflow.generate.CloudTrailGenerator;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.udfs.decode.CloudTrailDecoder;
import dev.trailflow.udfs.decode.Decoded;
import dev.trailflow.udfs.flatten.EventFlattener;
import dev.trailflow.udfs.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code bin/bench-decode}: throughput of the decoder + flattening against a bare Jackson streaming
 * parse of the same bytes, in the same run, on one thread (so the figures are per core). Generated
 * CloudTrail log files are held in memory, plain and gzip, so no disk is measured.
 *
 * <p>The bare parse reads every token and the characters of every string and field name — what any
 * reader of the document must at least do; it writes nothing. The decoder additionally recognises
 * shapes, validates, parses eventTime, flattens userIdentity and writes each raw document.
 */
public final class BenchDecode {

    private BenchDecode() {}

    public static void main(String[] args) throws IOException {
        long targetMb = 200;
        int rounds = 3;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            try {
                switch (a) {
                    case "--mb":
                        targetMb = Long.parseLong(v);
                        i++;
                        break;
                    case "--rounds":
                        rounds = Integer.parseInt(v);
                        i++;
                        break;
                    case "--seed":
                        seed = Long.parseLong(v);
                        i++;
                        break;
                    default:
                        System.err.println("usage: bench-decode [--mb 200] [--rounds 3] [--seed 42]");
                        System.exit(2);
                }
            } catch (NumberFormatException | NullPointerException e) {
                System.err.println("bench-decode: " + a + " needs a whole number");
                System.exit(2);
            }
        }
        run(targetMb, rounds, seed, System.out);
    }

    static void run(long targetMb, int rounds, long seed, PrintStream out) throws IOException {
        out.printf("generating about %d MB of CloudTrail log files (seed %d) ...%n", targetMb, seed);
        List<byte[]> plain = generate(targetMb * 1024 * 1024, seed);
        List<byte[]> gzip = new ArrayList<>(plain.size());
        long plainBytes = 0;
        long gzipBytes = 0;
        for (byte[] f : plain) {
            plainBytes += f.length;
            byte[] z = gzip(f);
            gzip.add(z);
            gzipBytes += z.length;
        }
        long events = decodeAll(plain);
        out.printf(Locale.ROOT, "%d files, %d events, %.1f MB uncompressed, %.1f MB gzip; %s, %s%n", plain.size(),
                events, plainBytes / 1048576.0, gzipBytes / 1048576.0, System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        // One round to warm up the JIT, not reported.
        bareParseAll(plain);
        decodeAll(plain);

        out.println();
        out.println("input  what                         events/s   MB/s (uncompressed)   vs bare parse");
        for (int r = 1; r <= rounds; r++) {
            report(out, "plain", r, plain, events, plainBytes);
            report(out, "gzip", r, gzip, events, plainBytes);
        }
    }

    private static void report(PrintStream out, String label, int round, List<byte[]> files, long events, long bytes)
            throws IOException {
        long t0 = System.nanoTime();
        long tokens = bareParseAll(files);
        long t1 = System.nanoTime();
        long decoded = decodeAll(files);
        long t2 = System.nanoTime();
        if (decoded != events || tokens == 0) {
            throw new IllegalStateException("decoded " + decoded + " events, expected " + events);
        }
        double bareS = (t1 - t0) / 1e9;
        double decS = (t2 - t1) / 1e9;
        out.printf(Locale.ROOT, "%-6s bare Jackson parse (round %d)  %9.0f   %8.1f%n", label, round, events / bareS,
                bytes / 1048576.0 / bareS);
        out.printf(Locale.ROOT, "%-6s decode + flatten   (round %d)  %9.0f   %8.1f            %.2f%n", label, round,
                events / decS, bytes / 1048576.0 / decS, bareS / decS);
    }

    static List<byte[]> generate(long targetBytes, long seed) throws IOException {
        // Measure the average event size on a small sample, then generate enough for the target.
        long[] sample = new long[2];
        GeneratorConfig probe = new GeneratorConfig().events(5_000).seed(seed).gzip(false);
        new CloudTrailGenerator().generate(probe, (key, delivered, json) -> {
            if (!key.contains("CloudTrail-Digest")) {
                sample[0] += json.length;
            }
        });
        long perEvent = Math.max(1, sample[0] / 5_000);
        List<byte[]> files = new ArrayList<>();
        GeneratorConfig cfg = new GeneratorConfig().events(targetBytes / perEvent + 1).seed(seed).gzip(false);
        new CloudTrailGenerator().generate(cfg, (key, delivered, json) -> {
            if (!key.contains("CloudTrail-Digest")) {
                files.add(json);
            }
        });
        return files;
    }

    private static InputStream open(byte[] file) throws IOException {
        InputStream in = new ByteArrayInputStream(file);
        return file.length > 1 && (file[0] & 0xff) == 0x1f ? new GZIPInputStream(in, 65536) : in;
    }

    static long bareParseAll(List<byte[]> files) throws IOException {
        long tokens = 0;
        long chars = 0;
        for (byte[] f : files) {
            try (JsonParser p = Json.FACTORY.createParser(open(f))) {
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    tokens++;
                    if (t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) {
                        chars += p.getTextCharacters().length > 0 ? p.getTextLength() : 0;
                    }
                }
            }
        }
        return tokens + (chars & 1);
    }

    static long decodeAll(List<byte[]> files) throws IOException {
        EventFlattener flattener = new EventFlattener();
        long events = 0;
        for (byte[] f : files) {
            try (CloudTrailDecoder d = CloudTrailDecoder.open(new ByteArrayInputStream(f), "bench", flattener)) {
                for (Decoded x = d.next(); x != null; x = d.next()) {
                    if (x.kind() == Decoded.Kind.EVENT) {
                        events++;
                    }
                }
            }
        }
        return events;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 8);
        try (GZIPOutputStream z = new GZIPOutputStream(out, 65536)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
