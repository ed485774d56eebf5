package dev.trailflow.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes synthetic CloudTrail traffic in the S3 layout: log files per account, region and five-minute
 * slice, delivered 5-15 minutes after their newest event (some 15-25), plus hourly digest files.
 *
 * <p>Events are produced slice by slice in event-time order and each slice's files are handed to the
 * sink before the next slice starts, so memory depends on the busiest slice (capped by
 * {@link #CHUNK}), not on the number of events. The same configuration always gives the same bytes:
 * every random choice comes from generators split off the seed, in a fixed order.
 */
public final class CloudTrailGenerator {

    /** CloudTrail's delivery cadence, and the rollup window the output is meant to exercise. */
    static final long SLICE_SECONDS = 300;
    /** Most events drawn before their files are written; a busier slice is written in several rounds. */
    static final int CHUNK = 65_536;

    private static final long MICROS = 1_000_000L;

    private final JsonFactory factory = new JsonFactory();

    /** Generates into {@code outDir}, gzipping when configured and stamping each file with its delivery time. */
    public GenerationSummary generate(GeneratorConfig cfg, Path outDir) throws IOException {
        cfg.validate();
        Files.createDirectories(outDir);
        Set<Path> made = new HashSet<>();
        return generate(cfg, (key, delivered, json) -> {
            Path file = outDir.resolve(key);
            Path dir = file.getParent();
            if (made.add(dir)) {
                Files.createDirectories(dir);
            }
            if (cfg.gzip) {
                try (OutputStream out = new FastGzip(Files.newOutputStream(file))) {
                    out.write(json);
                }
            } else {
                Files.write(file, json);
            }
            Files.setLastModifiedTime(file, FileTime.from(delivered));
        });
    }

    /** Generates into {@code sink}; the keys end in {@code .json.gz} or {@code .json} as {@code cfg.gzip} says. */
    public GenerationSummary generate(GeneratorConfig cfg, FileSink sink) throws IOException {
        cfg.validate();
        GenerationSummary s = new Run(cfg, sink).run();
        if (cfg.insightPairs == 0) {
            return s;
        }
        InsightWriter insights = new InsightWriter(cfg);
        long events = insights.write(sink);
        return s.withInsights(insights.files, events, insights.bytes);
    }

    /** The state of one generation: where it is in time, what the pending digests hold. */
    private final class Run {
        private final GeneratorConfig cfg;
        private final FileSink sink;
        private final World world;
        private final SplittableRandom events;
        private final SplittableRandom files;
        private final EventWriter writer;
        private final int streams;
        private final String suffix;
        private final long digestOffset;
        private final MessageDigest sha256;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);

        private final int[] principal = new int[CHUNK];
        private final int[] call = new int[CHUNK];
        private final int[] region = new int[CHUNK];
        private final long[] micros = new long[CHUNK];
        private final byte[] spelling = new byte[CHUNK];
        private final boolean[] large = new boolean[CHUNK];
        private final boolean[] anonymous = new boolean[CHUNK];
        private final int[] order = new int[CHUNK];
        private final int[] streamCount;

        /** Log files by digest hour (keyed by the hour's index) and stream, until the hour can be closed. */
        private final TreeMap<Long, List<List<LogFile>>> pending = new TreeMap<>();
        private final String[] previousDigestKey;
        private final String[] previousDigestHash;
        private final String[] previousDigestSignature;

        private long eventIndex;
        private long nextLarge;
        private int largeDone;
        private long oddDone;
        private long logFiles;
        private long digestFiles;
        private long bytes;
        private long firstMicros = Long.MAX_VALUE;
        private long lastMicros = Long.MIN_VALUE;

        Run(GeneratorConfig cfg, FileSink sink) {
            this.cfg = cfg;
            this.sink = sink;
            SplittableRandom root = new SplittableRandom(cfg.seed);
            SplittableRandom setup = root.split();
            this.events = root.split();
            this.files = root.split();
            this.world = new World(cfg, setup);
            this.writer = new EventWriter(world, factory, root.split());
            this.streams = cfg.accounts * cfg.regions;
            this.streamCount = new int[streams];
            this.suffix = cfg.gzip ? ".json.gz" : ".json";
            this.digestOffset = 60 + setup.nextInt(120);
            this.previousDigestKey = new String[streams];
            this.previousDigestHash = new String[streams];
            this.previousDigestSignature = new String[streams];
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime provides SHA-256", e);
            }
            this.nextLarge = largePosition(0);
        }

        GenerationSummary run() throws IOException {
            long startSec = ceilSeconds(cfg.start);
            long endSec = ceilSeconds(cfg.start.plus(cfg.span));
            // Two passes over the slices, computing the same weights in the same order: the first for
            // the total, the second to hand out exactly cfg.events. Nothing is kept per slice, so a
            // long span costs time, not memory.
            double total = 0;
            for (long from = startSec; from < endSec; from = sliceEnd(from, endSec)) {
                total += sliceWeight(from, sliceEnd(from, endSec));
            }
            double cumulative = 0;
            long done = 0;
            for (long from = startSec; from < endSec; ) {
                long to = sliceEnd(from, endSec);
                cumulative += sliceWeight(from, to);
                long upTo = to == endSec ? cfg.events : Math.round(cfg.events * (cumulative / total));
                upTo = Math.max(done, Math.min(cfg.events, upTo));
                flushDigests(from);
                for (long remaining = upTo - done; remaining > 0; ) {
                    int n = (int) Math.min(remaining, CHUNK);
                    draw(n, from, to);
                    writeLogFiles(n);
                    remaining -= n;
                }
                done = upTo;
                from = to;
            }
            flushDigests(Long.MAX_VALUE);
            if (digestFiles == 0) {
                // Nothing was logged: CloudTrail still writes its hourly digest, with no log files.
                writeDigest(0, Math.floorDiv(startSec - digestOffset, 3600L), new ArrayList<>());
            }
            Instant first = eventIndex == 0 ? null : instant(firstMicros);
            Instant last = eventIndex == 0 ? null : instant(lastMicros);
            return new GenerationSummary(logFiles, digestFiles, eventIndex, bytes, first, last);
        }

        /** Slices are aligned to the epoch, as the rollup windows are; the first and last may be partial. */
        private long sliceEnd(long from, long endSec) {
            return Math.min(Math.floorDiv(from, SLICE_SECONDS) * SLICE_SECONDS + SLICE_SECONDS, endSec);
        }

        /**
         * A slice's share of the events: its length, a daily curve (busy afternoons, quiet nights) and
         * now and then a burst. The burst is a hash of seed and slice rather than a draw, so that both
         * passes of {@link #run} see the same weights without storing them.
         */
        private double sliceWeight(long from, long to) {
            double hour = Math.floorMod(from + (to - from) / 2, 86_400L) / 3600.0;
            double daily = 0.35 + 0.65 * (0.5 - 0.5 * Math.cos(2 * Math.PI * (hour - 3) / 24));
            long h = mix(cfg.seed ^ mix(from));
            double burst = (h >>> 11) * 0x1.0p-53 < 0.04 ? 2.5 : 1.0;
            return (to - from) * daily * burst;
        }

        private long largePosition(int k) {
            if (k >= cfg.largeEvents) {
                return Long.MAX_VALUE;
            }
            return (long) ((k + 0.5) * cfg.events / cfg.largeEvents);
        }

        /** Chooses who called what, where and when, for {@code n} events of the slice {@code [from, to)}. */
        private void draw(int n, long from, long to) {
            SplittableRandom r = events;
            int len = (int) (to - from);
            boolean startsOnBoundary = from % SLICE_SECONDS == 0;
            boolean endsOnBoundary = to % SLICE_SECONDS == 0;
            for (int i = 0; i < n; i++) {
                World.Principal p = world.principals[Rand.sample(r, world.principalCdf)];
                ApiCall c = p.calls[Rand.sample(r, p.callCdf)];
                double occasional = r.nextDouble();
                if (p.console && occasional < 0.03) {
                    c = world.calls.consoleLogin;
                } else if (p.kind == World.Kind.AWS_SERVICE && occasional < 0.05) {
                    c = world.calls.serviceEvents[r.nextInt(world.calls.serviceEvents.length)];
                }
                boolean big = eventIndex == nextLarge;
                if (big) {
                    c = largeDone % 2 == 0 ? world.calls.putRolePolicy : world.calls.createTags;
                    nextLarge = largePosition(++largeDone);
                }
                int reg = c.global ? 0 : (r.nextDouble() < 0.92 ? p.homeRegion : r.nextInt(world.regions.length));
                double u = r.nextDouble();
                long sec;
                // A few percent exactly on a window boundary and one second before it: where off-by-one
                // window assignment shows.
                if (u < 0.03 && startsOnBoundary) {
                    sec = from;
                } else if (u < 0.05 && endsOnBoundary) {
                    sec = to - 1;
                } else {
                    sec = from + r.nextInt(len);
                }
                int spell = EventWriter.ISO;
                long fraction = 0;
                if (cfg.oddTimeFraction > 0 && r.nextDouble() < cfg.oddTimeFraction) {
                    spell = 1 + (int) (oddDone++ % EventWriter.ODD_SPELLINGS);
                    if (spell == EventWriter.MILLIS) {
                        fraction = r.nextInt(1000) * 1000L;
                    } else if (spell == EventWriter.MICROS) {
                        fraction = r.nextInt(1_000_000);
                    }
                }
                principal[i] = p.index;
                call[i] = c.index;
                region[i] = reg;
                micros[i] = sec * MICROS + fraction;
                spelling[i] = (byte) spell;
                large[i] = big;
                anonymous[i] = !big && r.nextDouble() < 0.01;
                eventIndex++;
            }
        }

        /** One or more files per account and region for the events just drawn, in stream order. */
        private void writeLogFiles(int n) throws IOException {
            Arrays.fill(streamCount, 0);
            for (int i = 0; i < n; i++) {
                streamCount[streamOf(i)]++;
            }
            int[] next = new int[streams];
            int at = 0;
            for (int s = 0; s < streams; s++) {
                next[s] = at;
                at += streamCount[s];
            }
            // Drawn events are in no time order, so files come out unsorted as CloudTrail's are.
            for (int i = 0; i < n; i++) {
                order[next[streamOf(i)]++] = i;
            }
            at = 0;
            for (int s = 0; s < streams; s++) {
                int m = streamCount[s];
                int parts = (m + cfg.eventsPerFile - 1) / cfg.eventsPerFile;
                for (int j = 0; j < parts; j++) {
                    writeLogFile(s, at + (int) ((long) j * m / parts), at + (int) ((long) (j + 1) * m / parts));
                }
                at += m;
            }
        }

        private int streamOf(int i) {
            return world.principals[principal[i]].account.index * cfg.regions + region[i];
        }

        private void writeLogFile(int stream, int lo, int hi) throws IOException {
            long newest = Long.MIN_VALUE;
            long oldest = Long.MAX_VALUE;
            for (int k = lo; k < hi; k++) {
                long t = micros[order[k]];
                newest = Math.max(newest, t);
                oldest = Math.min(oldest, t);
            }
            firstMicros = Math.min(firstMicros, oldest);
            lastMicros = Math.max(lastMicros, newest);
            long delivered = deliveryTime(newest);
            String account = world.accounts[stream / cfg.regions].id;
            String regionName = world.regions[stream % cfg.regions];
            String key = "AWSLogs/" + account + "/CloudTrail/" + regionName + "/" + TimeText.datePath(delivered) + "/"
                    + account + "_CloudTrail_" + regionName + "_" + TimeText.fileStamp(delivered) + "_"
                    + Rand.alnum(files, 16) + suffix;

            out.reset();
            try (JsonGenerator g = new FieldNameCache(factory.createGenerator(out))) {
                g.writeStartObject();
                g.writeArrayFieldStart("Records");
                for (int k = lo; k < hi; k++) {
                    int i = order[k];
                    writer.write(g, world.principals[principal[i]], world.calls.all.get(call[i]), region[i], micros[i],
                            spelling[i], large[i], anonymous[i]);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            byte[] json = out.toByteArray();
            String hash = hex(sha256.digest(json));
            sink.accept(key, Instant.ofEpochSecond(delivered), json);
            logFiles++;
            bytes += json.length;

            long hour = Math.floorDiv(delivered - digestOffset, 3600L);
            List<List<LogFile>> byStream = pending.computeIfAbsent(hour, h -> new ArrayList<>(Collections.nCopies(streams, null)));
            if (byStream.get(stream) == null) {
                byStream.set(stream, new ArrayList<>());
            }
            byStream.get(stream).add(new LogFile(key, hash, newest, oldest));
        }

        /**
         * 5-15 minutes after the newest event, or 15-25 for a late file, chosen so that the minute
         * stamp in the file name is inside the same range as the delivery itself.
         */
        private long deliveryTime(long newestMicros) {
            boolean late = files.nextDouble() < cfg.lateFraction;
            long minMicros = newestMicros + (late ? 15 * 60 * MICROS + 1 : 5 * 60 * MICROS);
            long maxMicros = newestMicros + (late ? 25 : 15) * 60 * MICROS;
            long lo = ceilDiv(minMicros, 60 * MICROS) * 60;
            long hi = Math.floorDiv(maxMicros, MICROS);
            return lo + files.nextInt((int) (hi - lo + 1));
        }

        /** Writes the digests of every hour that ends at or before {@code until}: no file can join them any more. */
        private void flushDigests(long until) throws IOException {
            while (!pending.isEmpty()) {
                Map.Entry<Long, List<List<LogFile>>> first = pending.firstEntry();
                long end = (first.getKey() + 1) * 3600L + digestOffset;
                if (end > until) {
                    return;
                }
                pending.pollFirstEntry();
                List<List<LogFile>> byStream = first.getValue();
                for (int s = 0; s < streams; s++) {
                    if (byStream.get(s) != null) {
                        writeDigest(s, first.getKey(), byStream.get(s));
                    }
                }
            }
        }

        private void writeDigest(int stream, long hour, List<LogFile> logs) throws IOException {
            long start = hour * 3600L + digestOffset;
            long end = start + 3600L;
            String account = world.accounts[stream / cfg.regions].id;
            String regionName = world.regions[stream % cfg.regions];
            String key = "AWSLogs/" + account + "/CloudTrail-Digest/" + regionName + "/" + TimeText.datePath(end) + "/"
                    + account + "_CloudTrail-Digest_" + regionName + "_" + world.trailName + "_" + regionName + "_"
                    + TimeText.digestStamp(end) + suffix;
            long newest = Long.MIN_VALUE;
            long oldest = Long.MAX_VALUE;
            for (LogFile f : logs) {
                newest = Math.max(newest, f.newestMicros);
                oldest = Math.min(oldest, f.oldestMicros);
            }
            out.reset();
            try (JsonGenerator g = new FieldNameCache(factory.createGenerator(out))) {
                g.writeStartObject();
                g.writeStringField("awsAccountId", account);
                g.writeStringField("digestStartTime", iso(start));
                g.writeStringField("digestEndTime", iso(end));
                g.writeStringField("digestS3Bucket", world.bucket);
                g.writeStringField("digestS3Object", key);
                g.writeStringField("digestPublicKeyFingerprint", world.digestKeyFingerprint);
                g.writeStringField("digestSignatureAlgorithm", "SHA256withRSA");
                writeTimeOrNull(g, "newestEventTime", logs.isEmpty() ? null : newest);
                writeTimeOrNull(g, "oldestEventTime", logs.isEmpty() ? null : oldest);
                boolean chained = previousDigestKey[stream] != null;
                g.writeStringField("previousDigestS3Bucket", chained ? world.bucket : null);
                g.writeStringField("previousDigestS3Object", previousDigestKey[stream]);
                g.writeStringField("previousDigestHashValue", previousDigestHash[stream]);
                g.writeStringField("previousDigestHashAlgorithm", chained ? "SHA-256" : null);
                g.writeStringField("previousDigestSignature", previousDigestSignature[stream]);
                g.writeArrayFieldStart("logFiles");
                for (LogFile f : logs) {
                    g.writeStartObject();
                    g.writeStringField("s3Bucket", world.bucket);
                    g.writeStringField("s3Object", f.key);
                    g.writeStringField("hashValue", f.hash);
                    g.writeStringField("hashAlgorithm", "SHA-256");
                    g.writeStringField("newestEventTime", iso(Math.floorDiv(f.newestMicros, MICROS)));
                    g.writeStringField("oldestEventTime", iso(Math.floorDiv(f.oldestMicros, MICROS)));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            byte[] json = out.toByteArray();
            byte[] hash = sha256.digest(json);
            previousDigestKey[stream] = key;
            previousDigestHash[stream] = hex(hash);
            previousDigestSignature[stream] = signature(hash);
            sink.accept(key, Instant.ofEpochSecond(end + 30 + files.nextInt(240)), json);
            digestFiles++;
            bytes += json.length;
        }

        /** Looks like an RSA-2048 signature; real verification needs AWS's private key anyway. */
        private String signature(byte[] hash) {
            StringBuilder b = new StringBuilder(512);
            byte[] block = hash;
            for (int i = 0; i < 8; i++) {
                block = sha256.digest(block);
                b.append(hex(block));
            }
            return b.toString();
        }

        private void writeTimeOrNull(JsonGenerator g, String field, Long micros) throws IOException {
            if (micros == null) {
                g.writeNullField(field);
            } else {
                g.writeStringField(field, iso(Math.floorDiv(micros, MICROS)));
            }
        }

        private String iso(long epochSecond) {
            return writer.isoSeconds(epochSecond);
        }
    }

    /**
     * Gzip at the fastest level: compressing is most of the cost of writing files, and the level
     * changes nothing a reader sees. The header carries no time or host, so the bytes stay stable.
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    private static final class LogFile {
        final String key;
        final String hash;
        final long newestMicros;
        final long oldestMicros;

        LogFile(String key, String hash, long newestMicros, long oldestMicros) {
            this.key = key;
            this.hash = hash;
            this.newestMicros = newestMicros;
            this.oldestMicros = oldestMicros;
        }
    }

    /** SplitMix64's finaliser: a well-mixed 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long ceilSeconds(Instant t) {
        return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS), Math.floorMod(micros, MICROS) * 1000L);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static String hex(byte[] bytes) {
        char[] c = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            c[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            c[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(c);
    }
}
