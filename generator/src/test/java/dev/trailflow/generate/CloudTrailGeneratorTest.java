package dev.trailflow.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudTrailGeneratorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant START = Instant.parse("2024-09-27T00:00:00Z");

    private static final Pattern LOG_KEY = Pattern.compile("AWSLogs/(\\d{12})/CloudTrail/([a-z]{2}-[a-z]+-\\d)/"
            + "(\\d{4})/(\\d{2})/(\\d{2})/\\1_CloudTrail_\\2_(\\d{8}T\\d{4}Z)_[A-Za-z0-9]{16}\\.json\\.gz");
    private static final Pattern DIGEST_KEY = Pattern.compile("AWSLogs/(\\d{12})/CloudTrail-Digest/([a-z]{2}-[a-z]+-\\d)/"
            + "(\\d{4})/(\\d{2})/(\\d{2})/\\1_CloudTrail-Digest_\\2_[A-Za-z0-9-]+_\\2_(\\d{8}T\\d{6}Z)\\.json\\.gz");
    private static final DateTimeFormatter LOG_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    /** One run with every feature switched on, shared by the tests that only read it. */
    private static Output rich;

    @BeforeAll
    static void generateRich() throws IOException {
        rich = generate(new GeneratorConfig().events(6_000).seed(7).span(Duration.ofHours(12))
                .oddTimeFraction(0.03).largeEvents(2));
    }

    @Test
    void writesExactlyTheRequestedNumberOfEvents() {
        assertEquals(6_000, rich.events.size());
        assertEquals(6_000, rich.summary.events());
        assertEquals(rich.logs.size(), rich.summary.logFiles());
        assertEquals(rich.digests.size(), rich.summary.digestFiles());
        assertEquals(rich.logs.size() + rich.digests.size(), rich.summary.filesWritten());
        long bytes = rich.raw.values().stream().mapToLong(b -> b.length).sum();
        assertEquals(bytes, rich.summary.uncompressedBytes());
        assertTrue(rich.summary.firstEventTime().compareTo(START) >= 0);
        assertTrue(rich.summary.lastEventTime().isBefore(START.plus(Duration.ofHours(12))));
    }

    @Test
    void keysFollowTheS3LayoutWithDeliveryDates() {
        for (Map.Entry<String, Instant> e : rich.delivered.entrySet()) {
            String key = e.getKey();
            Matcher log = LOG_KEY.matcher(key);
            Matcher digest = DIGEST_KEY.matcher(key);
            assertTrue(log.matches() || digest.matches(), key);
            Matcher m = log.matches() ? log : digest;
            String folders = m.group(3) + m.group(4) + m.group(5);
            assertEquals(m.group(6).substring(0, 8), folders, "date folders are the stamp's date: " + key);
            if (log.matches()) {
                assertEquals(LOG_STAMP.format(e.getValue()), m.group(6), "stamp is the delivery minute: " + key);
            }
        }
        assertFalse(rich.logs.isEmpty());
        assertFalse(rich.digests.isEmpty());
    }

    @Test
    void logFilesAreRecordsArraysWrittenOnOneLine() {
        for (String key : rich.logs.keySet()) {
            String text = new String(rich.raw.get(key), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("{\"Records\":[{"), key);
            assertFalse(text.contains("\n"), key);
        }
    }

    @Test
    void digestsListEveryLogFileOnceWithItsHash() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Set<String> listed = new HashSet<>();
        for (Map.Entry<String, JsonNode> e : rich.digests.entrySet()) {
            JsonNode d = e.getValue();
            assertEquals(e.getKey(), d.get("digestS3Object").asText());
            for (String field : new String[] {"awsAccountId", "digestStartTime", "digestEndTime", "digestS3Bucket",
                "newestEventTime", "oldestEventTime", "previousDigestS3Bucket", "previousDigestS3Object",
                "previousDigestHashValue", "previousDigestSignature", "logFiles"}) {
                assertTrue(d.has(field), field + " in " + e.getKey());
            }
            assertEquals(3600, Duration.between(Instant.parse(d.get("digestStartTime").asText()),
                    Instant.parse(d.get("digestEndTime").asText())).getSeconds());
            for (JsonNode f : d.get("logFiles")) {
                String key = f.get("s3Object").asText();
                assertTrue(rich.logs.containsKey(key), key);
                assertTrue(listed.add(key), "listed twice: " + key);
                assertEquals(hex(sha.digest(rich.raw.get(key))), f.get("hashValue").asText());
                assertEquals("SHA-256", f.get("hashAlgorithm").asText());
                Instant delivered = rich.delivered.get(key);
                assertFalse(delivered.isBefore(Instant.parse(d.get("digestStartTime").asText())));
                assertTrue(delivered.isBefore(Instant.parse(d.get("digestEndTime").asText())));
            }
        }
        assertEquals(rich.logs.keySet(), listed);
        assertTrue(rich.digests.values().stream().anyMatch(d -> d.get("previousDigestS3Object").isNull()));
        assertTrue(rich.digests.values().stream().anyMatch(d -> d.get("previousDigestS3Object").isTextual()));
    }

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() throws IOException {
        GeneratorConfig cfg = new GeneratorConfig().events(1_500).span(Duration.ofHours(2)).seed(11);
        Output a = generate(cfg);
        Output b = generate(cfg);
        assertEquals(new ArrayList<>(a.raw.keySet()), new ArrayList<>(b.raw.keySet()));
        for (String key : a.raw.keySet()) {
            assertArrayEquals(a.raw.get(key), b.raw.get(key), key);
        }
        assertEquals(a.delivered, b.delivered);
        Output c = generate(cfg.seed(12));
        assertNotEquals(a.raw.keySet(), c.raw.keySet());
    }

    @Test
    void directoryOutputIsGzippedAndStampedWithTheDeliveryTime(@TempDir Path dir) throws IOException {
        GeneratorConfig cfg = new GeneratorConfig().events(400).span(Duration.ofMinutes(30)).seed(3);
        GenerationSummary s = new CloudTrailGenerator().generate(cfg, dir.resolve("one"));
        new CloudTrailGenerator().generate(cfg, dir.resolve("two"));
        Output expected = generate(cfg);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir.resolve("one"))) {
            files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        assertEquals(s.filesWritten(), files.size());
        long events = 0;
        for (Path f : files) {
            String key = dir.resolve("one").relativize(f).toString().replace('\\', '/');
            byte[] gz = Files.readAllBytes(f);
            assertArrayEquals(gz, Files.readAllBytes(dir.resolve("two").resolve(key)), "gzip bytes are stable: " + key);
            byte[] json;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                json = in.readAllBytes();
            }
            assertArrayEquals(expected.raw.get(key), json, key);
            assertEquals(expected.delivered.get(key), Files.getLastModifiedTime(f).toInstant(), key);
            JsonNode records = MAPPER.readTree(json).get("Records");
            events += records == null ? 0 : records.size();
        }
        assertEquals(400, events);

        GenerationSummary plain = new CloudTrailGenerator().generate(cfg.gzip(false), dir.resolve("plain"));
        try (Stream<Path> walk = Files.walk(dir.resolve("plain"))) {
            List<Path> json = walk.filter(Files::isRegularFile).collect(Collectors.toList());
            assertEquals(plain.filesWritten(), json.size());
            assertTrue(json.stream().allMatch(p -> p.toString().endsWith(".json")));
            MAPPER.readTree(json.get(0).toFile());
        }
    }

    @Test
    void filesAreDeliveredFiveToFifteenMinutesLateAndSomeLater() {
        int onTime = 0;
        int late = 0;
        for (Map.Entry<String, JsonNode> e : rich.logs.entrySet()) {
            Matcher m = LOG_KEY.matcher(e.getKey());
            assertTrue(m.matches());
            Instant stamp = LocalDateTime.parse(m.group(6), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'"))
                    .toInstant(ZoneOffset.UTC);
            Instant newest = Instant.MIN;
            for (JsonNode ev : e.getValue().get("Records")) {
                Instant t = eventInstant(ev.get("eventTime").asText());
                newest = t.isAfter(newest) ? t : newest;
            }
            Duration lag = Duration.between(newest, stamp);
            Duration deliveredLag = Duration.between(newest, rich.delivered.get(e.getKey()));
            if (lag.compareTo(Duration.ofMinutes(5)) >= 0 && lag.compareTo(Duration.ofMinutes(15)) <= 0) {
                onTime++;
                assertTrue(deliveredLag.compareTo(Duration.ofMinutes(15)) <= 0, e.getKey());
            } else {
                assertTrue(lag.compareTo(Duration.ofMinutes(15)) > 0 && lag.compareTo(Duration.ofMinutes(25)) <= 0,
                        e.getKey() + " lag " + lag);
                assertTrue(deliveredLag.compareTo(Duration.ofMinutes(25)) <= 0, e.getKey());
                late++;
            }
        }
        assertTrue(onTime > 0.9 * rich.logs.size(), onTime + " of " + rich.logs.size());
        assertTrue(late > 0, "some files are delivered 15-25 minutes late");
    }

    @Test
    void eachFileHoldsOneFiveMinuteSliceOfOneAccountAndRegionInNoParticularOrder() {
        boolean unsorted = false;
        for (Map.Entry<String, JsonNode> e : rich.logs.entrySet()) {
            Matcher m = LOG_KEY.matcher(e.getKey());
            assertTrue(m.matches());
            Set<Long> slices = new HashSet<>();
            Instant previous = Instant.MIN;
            for (JsonNode ev : e.getValue().get("Records")) {
                Instant t = eventInstant(ev.get("eventTime").asText());
                slices.add(t.getEpochSecond() / 300);
                unsorted |= t.isBefore(previous);
                previous = t;
                assertEquals(m.group(1), ev.get("recipientAccountId").asText());
                assertEquals(m.group(2), ev.get("awsRegion").asText());
            }
            assertEquals(1, slices.size(), e.getKey());
            assertTrue(e.getValue().get("Records").size() <= 500);
        }
        assertTrue(unsorted, "events inside a file are not sorted by time");
    }

    @Test
    void busySlicesAreSplitAtEventsPerFile() throws IOException {
        Output small = generate(new GeneratorConfig().events(2_000).span(Duration.ofMinutes(10)).eventsPerFile(50));
        int total = 0;
        for (JsonNode file : small.logs.values()) {
            int n = file.get("Records").size();
            assertTrue(n <= 50 && n > 0, "events in a file: " + n);
            total += n;
        }
        assertEquals(2_000, total);
    }

    @Test
    void everyIdentityTypeAppearsAndSomeEventsHaveNone() {
        Map<String, Integer> types = new HashMap<>();
        int without = 0;
        for (JsonNode ev : rich.events) {
            JsonNode id = ev.get("userIdentity");
            if (id == null) {
                without++;
                continue;
            }
            String type = id.has("type") ? id.get("type").asText() : "<none>";
            types.merge(type, 1, Integer::sum);
            if (type.equals("AWSService")) {
                assertFalse(id.has("accountId"), "AWSService identities carry no accountId: " + id);
                assertTrue(id.get("invokedBy").asText().endsWith(".amazonaws.com"));
            }
            if (type.equals("AssumedRole")) {
                JsonNode issuer = id.at("/sessionContext/sessionIssuer");
                assertEquals("Role", issuer.get("type").asText());
                for (String f : new String[] {"principalId", "arn", "accountId", "userName"}) {
                    assertTrue(issuer.hasNonNull(f), f);
                }
                assertTrue(id.at("/sessionContext/attributes/creationDate").isTextual());
            }
            if (type.equals("FederatedUser")) {
                assertEquals("IAMUser", id.at("/sessionContext/sessionIssuer/type").asText());
            }
            if (type.equals("IAMUser")) {
                assertTrue(id.hasNonNull("userName"));
            }
        }
        for (String type : World.TYPES) {
            assertTrue(types.containsKey(type), type + " in " + types);
        }
        assertTrue(without > 0.002 * rich.events.size() && without < 0.03 * rich.events.size(), "without: " + without);
    }

    @Test
    void payloadFieldsChangeTypeBetweenEvents() {
        Set<String> request = new HashSet<>();
        Set<String> response = new HashSet<>();
        Set<String> additional = new HashSet<>();
        for (JsonNode ev : rich.events) {
            assertTrue(ev.has("requestParameters") && ev.has("responseElements"));
            request.add(shape(ev.get("requestParameters")));
            response.add(shape(ev.get("responseElements")));
            if (ev.has("additionalEventData")) {
                additional.add(shape(ev.get("additionalEventData")));
            }
        }
        assertTrue(request.containsAll(List.of("object", "string", "null", "array of objects", "array of strings")),
                request.toString());
        assertTrue(response.containsAll(List.of("object", "null", "string", "boolean")), response.toString());
        assertTrue(additional.containsAll(List.of("object", "string")), additional.toString());
    }

    @Test
    void eventsLookLikeCloudTrailRecords() {
        Set<String> versions = new HashSet<>();
        Set<String> eventTypes = new HashSet<>();
        Map<String, Integer> categories = new HashMap<>();
        int errors = 0;
        int tls = 0;
        int services = 0;
        int ipv6 = 0;
        for (JsonNode ev : rich.events) {
            for (String f : new String[] {"eventVersion", "eventTime", "eventSource", "eventName", "awsRegion",
                "sourceIPAddress", "userAgent", "eventID", "eventType", "recipientAccountId", "eventCategory"}) {
                assertTrue(ev.hasNonNull(f), f + " in " + ev);
            }
            versions.add(ev.get("eventVersion").asText());
            eventTypes.add(ev.get("eventType").asText());
            categories.merge(ev.get("eventCategory").asText(), 1, Integer::sum);
            if ("Data".equals(ev.get("eventCategory").asText())) {
                assertFalse(ev.get("managementEvent").asBoolean());
                String name = ev.get("eventSource").asText() + " " + ev.get("eventName").asText();
                assertTrue(name.startsWith("s3.") || name.startsWith("lambda.amazonaws.com Invoke")
                        || name.startsWith("dynamodb."), name);
            }
            if (ev.get("eventType").asText().equals("AwsServiceEvent")) {
                assertTrue(ev.has("serviceEventDetails"));
            }
            errors += ev.has("errorMessage") ? 1 : 0;
            tls += ev.has("tlsDetails") ? 1 : 0;
            String ip = ev.get("sourceIPAddress").asText();
            services += ip.endsWith(".amazonaws.com") || ip.equals("AWS Internal") ? 1 : 0;
            ipv6 += ip.contains(":") ? 1 : 0;
        }
        assertEquals(Set.of("1.08", "1.09", "1.10"), versions);
        assertEquals(Set.of("AwsApiCall", "AwsServiceEvent", "AwsConsoleSignIn"), eventTypes);
        assertEquals(Set.of("Management", "Data"), categories.keySet());
        assertTrue(categories.get("Management") > categories.get("Data"));
        int n = rich.events.size();
        assertTrue(errors > 0.005 * n && errors < 0.1 * n, "errors: " + errors);
        assertTrue(tls > 0.3 * n && tls < n, "tlsDetails: " + tls);
        assertTrue(services > 0 && ipv6 > 0, services + " service sources, " + ipv6 + " IPv6");
    }

    @Test
    void eventIdsAreUnique() {
        Set<String> ids = new HashSet<>();
        for (JsonNode ev : rich.events) {
            String id = ev.get("eventID").asText();
            assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), id);
            assertTrue(ids.add(id), "duplicate " + id);
        }
    }

    @Test
    void aFewPrincipalsAndCallsMakeMostEvents() {
        Map<String, Integer> principals = new HashMap<>();
        Map<String, Integer> calls = new HashMap<>();
        Map<List<String>, Integer> groups = new HashMap<>();
        for (JsonNode ev : rich.events) {
            JsonNode id = ev.path("userIdentity");
            String who = id.has("arn") ? id.get("arn").asText()
                    : id.has("principalId") ? id.get("principalId").asText() : id.path("invokedBy").asText();
            principals.merge(who, 1, Integer::sum);
            calls.merge(ev.get("eventSource").asText() + " " + ev.get("eventName").asText(), 1, Integer::sum);
            Instant t = eventInstant(ev.get("eventTime").asText());
            groups.merge(List.of(Long.toString(t.getEpochSecond() / 300), id.path("type").asText(),
                    id.path("accountId").asText(), id.at("/sessionContext/sessionIssuer/arn").asText(),
                    ev.get("awsRegion").asText(), ev.get("sourceIPAddress").asText(), ev.get("eventSource").asText(),
                    ev.get("eventName").asText(), ev.get("eventCategory").asText()), 1, Integer::sum);
        }
        int n = rich.events.size();
        int top = principals.values().stream().max(Integer::compare).orElse(0);
        assertTrue(top > 15.0 * n / 300, "busiest principal has " + top + " of " + n);
        List<Integer> byCall = calls.values().stream().sorted((a, b) -> b - a).collect(Collectors.toList());
        assertTrue(byCall.get(0) + byCall.get(1) + byCall.get(2) > 0.3 * n, "top calls: " + byCall);
        int biggestGroup = groups.values().stream().max(Integer::compare).orElse(0);
        assertTrue(biggestGroup >= 10, "largest rollup group: " + biggestGroup);
    }

    @Test
    void eventTimesLandOnWindowBoundariesAndJustBefore() {
        int on = 0;
        int before = 0;
        for (JsonNode ev : rich.events) {
            Instant t = eventInstant(ev.get("eventTime").asText());
            long s = t.getEpochSecond();
            if (t.getNano() == 0 && s % 300 == 0) {
                on++;
            } else if (s % 300 == 299) {
                before++;
            }
        }
        int n = rich.events.size();
        assertTrue(on > 0.01 * n, "on a boundary: " + on);
        assertTrue(before > 0.01 * n, "one second before: " + before);
    }

    @Test
    void largeEventsCarryAbout300KilobytesOfRequestParameters() throws IOException {
        List<JsonNode> large = new ArrayList<>();
        for (JsonNode ev : rich.events) {
            if (MAPPER.writeValueAsBytes(ev).length >= 300 * 1024) {
                large.add(ev);
            }
        }
        assertEquals(2, large.size());
        for (JsonNode ev : large) {
            int size = MAPPER.writeValueAsBytes(ev.get("requestParameters")).length;
            assertTrue(size >= 300 * 1024 && size < 400 * 1024, "requestParameters bytes: " + size);
            assertTrue(ev.get("requestParameters").isObject());
        }
        Instant first = eventInstant(large.get(0).get("eventTime").asText());
        Instant second = eventInstant(large.get(1).get("eventTime").asText());
        assertTrue(Duration.between(first, second).abs().compareTo(Duration.ofHours(3)) > 0, "spread over the span");
    }

    @Test
    void oddTimeSpellingsAllAppearAndMeanTheSameInstant() {
        Map<String, Pattern> spellings = new LinkedHashMap<>();
        spellings.put("space", Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"));
        spellings.put("millis", Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));
        spellings.put("micros", Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z"));
        spellings.put("offset", Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}"));
        spellings.put("no zone", Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}"));
        Pattern iso = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        Map<String, Integer> seen = new HashMap<>();
        int odd = 0;
        for (Map.Entry<String, JsonNode> file : rich.logs.entrySet()) {
            Instant delivered = rich.delivered.get(file.getKey());
            for (JsonNode ev : file.getValue().get("Records")) {
                String text = ev.get("eventTime").asText();
                if (iso.matcher(text).matches()) {
                    continue;
                }
                odd++;
                String kind = spellings.entrySet().stream().filter(s -> s.getValue().matcher(text).matches())
                        .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError(text));
                seen.merge(kind, 1, Integer::sum);
                Instant t = eventInstant(text);
                assertFalse(t.isBefore(START));
                assertTrue(t.isBefore(START.plus(Duration.ofHours(12))));
                // Delivery follows the file's newest event by 5-25 minutes, and a file spans one 5-minute slice.
                Duration lag = Duration.between(t, delivered);
                assertTrue(lag.compareTo(Duration.ofMinutes(5)) >= 0 && lag.compareTo(Duration.ofMinutes(30)) <= 0,
                        "the written instant is the one delivery was computed from: " + text);
            }
        }
        assertEquals(spellings.keySet(), seen.keySet());
        assertTrue(odd > 0.015 * rich.events.size() && odd < 0.05 * rich.events.size(), "odd: " + odd);
    }

    @Test
    void withoutOddFractionEveryEventTimeIsCloudTrailsOwnSpelling() throws IOException {
        Output plain = generate(new GeneratorConfig().events(1_000).span(Duration.ofHours(1)));
        for (JsonNode ev : plain.events) {
            assertTrue(ev.get("eventTime").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"));
        }
    }

    @Test
    void zeroEventsStillWritesADigest() throws IOException {
        Output none = generate(new GeneratorConfig().events(0));
        assertTrue(none.logs.isEmpty());
        assertEquals(1, none.digests.size());
        JsonNode d = none.digests.values().iterator().next();
        assertEquals(0, d.get("logFiles").size());
        assertTrue(d.get("newestEventTime").isNull());
        assertNull(none.summary.firstEventTime());
    }

    @Test
    void invalidConfigurationNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CloudTrailGenerator().generate(new GeneratorConfig().regions(99), (k, d, j) -> { }));
        assertTrue(e.getMessage().startsWith("regions"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new GeneratorConfig().events(5).largeEvents(6).validate());
        assertTrue(e.getMessage().startsWith("largeEvents"), e.getMessage());
    }

    @Test
    void commandLineReportsWhatItWrote(@TempDir Path dir) {
        Result r = cli("--events", "300", "--out", dir.toString(), "--span", "45m", "--seed", "5", "--regions", "2",
                "--accounts", "1", "--no-gzip");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("300 events"), r.out);
        assertTrue(r.out.contains(dir.toString()), r.out);
        assertTrue(r.out.contains("2024-09-27T00:"), r.out);
    }

    @Test
    void commandLineUsageErrorsNameTheFlag() {
        Result unknown = cli("--events", "10", "--out", "x", "--bogus", "1");
        assertEquals(2, unknown.code);
        assertTrue(unknown.err.contains("--bogus"), unknown.err);

        Result badNumber = cli("--events", "ten", "--out", "x");
        assertEquals(2, badNumber.code);
        assertTrue(badNumber.err.contains("--events") && badNumber.err.contains("integer"), badNumber.err);

        Result badFraction = cli("--events", "10", "--out", "x", "--late-fraction", "1.5");
        assertEquals(2, badFraction.code);
        assertTrue(badFraction.err.contains("--late-fraction") && badFraction.err.contains("0 to 1"), badFraction.err);

        Result badSpan = cli("--events", "10", "--out", "x", "--span", "3 weeks");
        assertEquals(2, badSpan.code);
        assertTrue(badSpan.err.contains("--span") && badSpan.err.contains("90m"), badSpan.err);

        Result noOut = cli("--events", "10");
        assertEquals(2, noOut.code);
        assertTrue(noOut.err.contains("--out"), noOut.err);

        Result noEvents = cli("--out", "x");
        assertEquals(2, noEvents.code);
        assertTrue(noEvents.err.contains("--events"), noEvents.err);

        Result missingValue = cli("--out", "x", "--events");
        assertEquals(2, missingValue.code);
        assertTrue(missingValue.err.contains("--events"), missingValue.err);

        Result help = cli("--help");
        assertEquals(0, help.code);
        assertTrue(help.out.startsWith("Usage: trailflow-generate"), help.out);
        assertTrue(help.out.contains("--odd-time-fraction"), help.out);
    }

    @Test
    void spanAcceptsShortAndIsoSpellings() throws Exception {
        assertEquals(Duration.ofHours(24), GenerateMain.durationValue("--span", "24h"));
        assertEquals(Duration.ofMinutes(90), GenerateMain.durationValue("--span", "90m"));
        assertEquals(Duration.ofDays(2), GenerateMain.durationValue("--span", "2d"));
        assertEquals(Duration.ofMinutes(90), GenerateMain.durationValue("--span", "1h30m"));
        assertEquals(Duration.ofHours(24), GenerateMain.durationValue("--span", "PT24H"));
    }

    // ---- helpers ----

    private static final class Output {
        final Map<String, byte[]> raw = new LinkedHashMap<>();
        final Map<String, Instant> delivered = new HashMap<>();
        final Map<String, JsonNode> logs = new LinkedHashMap<>();
        final Map<String, JsonNode> digests = new LinkedHashMap<>();
        final List<JsonNode> events = new ArrayList<>();
        GenerationSummary summary;
    }

    private static Output generate(GeneratorConfig cfg) throws IOException {
        Output o = new Output();
        o.summary = new CloudTrailGenerator().generate(cfg, (key, delivered, json) -> {
            o.raw.put(key, json);
            o.delivered.put(key, delivered);
            JsonNode doc = MAPPER.readTree(json);
            if (key.contains("/CloudTrail-Digest/")) {
                o.digests.put(key, doc);
            } else {
                o.logs.put(key, doc);
                doc.get("Records").forEach(o.events::add);
            }
        });
        return o;
    }

    /** The eventTime grammar of SPEC §3: space or T, optional fraction, Z or offset, no zone meaning UTC. */
    private static Instant eventInstant(String text) {
        String t = text.replace(' ', 'T');
        if (t.endsWith("Z") || t.matches(".*[+-]\\d{2}:\\d{2}$")) {
            return OffsetDateTime.parse(t).toInstant();
        }
        return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    }

    private static String shape(JsonNode v) {
        if (v.isArray()) {
            return v.size() > 0 && v.get(0).isObject() ? "array of objects" : "array of strings";
        }
        if (v.isObject()) {
            return "object";
        }
        if (v.isNull()) {
            return "null";
        }
        return v.isBoolean() ? "boolean" : v.isTextual() ? "string" : v.getNodeType().toString();
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(String.format("%02x", x));
        }
        return b.toString();
    }

    private static final class Result {
        final int code;
        final String out;
        final String err;

        Result(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }
    }

    private static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GenerateMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
