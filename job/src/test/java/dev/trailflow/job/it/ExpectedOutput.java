package dev.trailflow.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the job must write, computed independently of it: Jackson trees and java.time, the seed's
 * {@code GROUP BY window, ten fields, COUNT(*)} done by hand. Shares nothing with the decoder.
 */
public final class ExpectedOutput {

    private static final ObjectMapper M = new ObjectMapper();
    static final List<String> PATHS = Arrays.asList("userIdentity.type", "userIdentity.accountId",
            "userIdentity.sessionContext.sessionIssuer.userName", "userIdentity.sessionContext.sessionIssuer.arn",
            "userIdentity.sessionContext.sessionIssuer.type", "awsRegion", "sourceIPAddress", "eventSource", "eventName",
            "eventCategory");

    /** (window start millis, ten values with "\0" for null) → count. */
    public final Map<List<String>, Long> rollups = groupMap();
    public final Set<String> eventIds = new HashSet<>();
    public long events;

    private final long windowMillis;

    public ExpectedOutput(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /**
     * Writes the generator's plain (not gzip) files under {@code out} and returns what a run over
     * them must write: every event but the digests', counted in windows of {@code windowMillis}.
     */
    public static ExpectedOutput generateFiles(dev.trailflow.generate.GeneratorConfig cfg, java.nio.file.Path out,
            long windowMillis) throws IOException {
        ExpectedOutput expected = new ExpectedOutput(windowMillis);
        new dev.trailflow.generate.CloudTrailGenerator().generate(cfg.gzip(false), (key, delivered, json) -> {
            if (!key.contains("CloudTrail-Digest")) {
                expected.addLogFile(json);
            }
            java.nio.file.Path f = out.resolve(key);
            java.nio.file.Files.createDirectories(f.getParent());
            java.nio.file.Files.write(f, json);
        });
        return expected;
    }

    /** Adds every element of a {@code {"Records": [...]}} file. */
    public void addLogFile(byte[] json) throws IOException {
        JsonNode root = M.readTree(json);
        for (JsonNode e : root.path("Records")) {
            add(e);
        }
    }

    /** How many events a log file holds. */
    public long countIn(byte[] json) throws IOException {
        return M.readTree(json).path("Records").size();
    }

    public void add(JsonNode event) {
        events++;
        eventIds.add(event.get("eventID").asText());
        long t = parse(event.get("eventTime").asText());
        long window = Math.floorDiv(t, windowMillis) * windowMillis;
        String[] key = new String[11];
        key[0] = Long.toString(window);
        for (int i = 0; i < PATHS.size(); i++) {
            JsonNode v = event;
            for (String part : PATHS.get(i).split("\\.")) {
                v = v == null ? null : v.get(part);
            }
            key[i + 1] = v == null || v.isNull() ? "\0" : v.asText();
        }
        rollups.merge(Arrays.asList(key), 1L, Long::sum);
    }

    static long parse(String text) {
        String t = text.replace(' ', 'T');
        if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return OffsetDateTime.parse(t.endsWith("Z") ? t.substring(0, t.length() - 1) + "+00:00" : t).toInstant()
                    .toEpochMilli();
        }
        return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    static Map<List<String>, Long> groupMap() {
        return new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    }

    /** The rollups an index holds, as (window start, ten values) → count; one document per group. */
    public static Map<List<String>, Long> written(OpenSearchIt os, String index) throws IOException {
        Map<List<String>, Long> actual = groupMap();
        for (JsonNode doc : os.all(index)) {
            Long previous = actual.put(keyOf(doc), doc.get("aws.cloudtrail.event_count").asLong());
            if (previous != null) {
                throw new AssertionError("two documents for one group: " + keyOf(doc));
            }
        }
        return actual;
    }

    /** The entries where two rollup maps differ, for a readable failure message. */
    public static String diff(Map<List<String>, Long> expected, Map<List<String>, Long> actual) {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (Map.Entry<List<String>, Long> e : expected.entrySet()) {
            Long a = actual.get(e.getKey());
            if (!e.getValue().equals(a) && shown++ < 10) {
                b.append("\n  expected ").append(e.getValue()).append(" got ").append(a).append(" for ").append(e.getKey());
            }
        }
        for (Map.Entry<List<String>, Long> e : actual.entrySet()) {
            if (!expected.containsKey(e.getKey()) && shown++ < 20) {
                b.append("\n  unexpected ").append(e.getValue()).append(" for ").append(e.getKey());
            }
        }
        // Which windows the differences are in tells a late-data drop (a few groups here and there)
        // from a lost window (every group of it).
        java.util.TreeMap<String, int[]> byWindow = new java.util.TreeMap<>();
        for (Map.Entry<List<String>, Long> e : expected.entrySet()) {
            int[] wrongOfAll = byWindow.computeIfAbsent(e.getKey().get(0), w -> new int[2]);
            wrongOfAll[1]++;
            if (!e.getValue().equals(actual.get(e.getKey()))) {
                wrongOfAll[0]++;
            }
        }
        int windows = 0;
        for (Map.Entry<String, int[]> w : byWindow.entrySet()) {
            if (w.getValue()[0] > 0 && windows++ < 40) {
                b.append(windows == 1 ? "\n  wrong groups by window:" : ",").append(' ')
                        .append(Instant.ofEpochMilli(Long.parseLong(w.getKey()))).append(' ')
                        .append(w.getValue()[0]).append('/').append(w.getValue()[1]);
            }
        }
        b.append(byWindow.isEmpty() ? "" : "\n  last window expected: " + Instant.ofEpochMilli(Long.parseLong(byWindow.lastKey())));
        return expected.size() + " expected groups, " + actual.size() + " written" + b;
    }

    /** The same key read back from a rollup document of OpenSearch. */
    public static List<String> keyOf(JsonNode doc) {
        String[] key = new String[11];
        key[0] = Long.toString(Instant.from(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSZ")
                .parse(doc.get("start_time").asText())).toEpochMilli());
        for (int i = 0; i < PATHS.size(); i++) {
            JsonNode v = doc.get("aws.cloudtrail." + PATHS.get(i));
            key[i + 1] = v == null ? "\0" : v.asText();
        }
        return Arrays.asList(key);
    }
}
