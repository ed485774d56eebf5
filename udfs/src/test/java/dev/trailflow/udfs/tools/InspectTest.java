package dev.trailflow.udfs.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectTest {

    private static final String EVENT = "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"Root\","
            + "\"accountId\":\"111122223333\"},\"eventTime\":\"2024-09-27T20:07:35Z\",\"eventSource\":\"iam.amazonaws.com\","
            + "\"eventName\":\"CreateUser\",\"eventID\":\"%s\"}";

    @TempDir
    Path dir;

    private String out;
    private String err;

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Inspect.run(args, new PrintStream(o, true), new PrintStream(e, true));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private Path write(String relative, byte[] content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(b)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    @Test
    void insightsAreCountedApartFromEventsAndMarkedInJson() throws IOException {
        String insight = "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-09-27T20:07:00Z\",\"eventID\":\"i1\","
                + "\"eventType\":\"AwsCloudTrailInsight\",\"insightDetails\":{\"state\":\"Start\"}}";
        write("AWSLogs/1/CloudTrail-Insight/us-east-1/2024/09/27/i.json",
                ("{\"Records\":[" + insight + "," + String.format(EVENT, "a") + "]}").getBytes(StandardCharsets.UTF_8));
        assertEquals(0, run(dir.toString()));
        assertTrue(out.contains("i.json: 1 events, 1 insights, 0 dead letters (-), 0 skipped (-)"), out);
        assertEquals(0, run("--json", dir.toString()));
        assertTrue(out.contains("\"type\":\"insight\",\"id\":\"i1\""), out);
    }

    @Test
    void reportsPerFileCountsAndTotalsAndNeverFailsOnBadData() throws IOException {
        write("AWSLogs/1/CloudTrail/us-east-1/2024/09/27/good.json.gz",
                gzip("{\"Records\":[" + String.format(EVENT, "a") + "," + String.format(EVENT, "b") + "]}"));
        // Named .gz but plain text: detected by content, not by name.
        write("AWSLogs/1/CloudTrail/us-east-1/2024/09/27/plain-named.json.gz",
                (String.format(EVENT, "c") + "\n{\"eventVersion\":\"1\",\"eventSource\":\"aws:s3\"}").getBytes(StandardCharsets.UTF_8));
        write("AWSLogs/1/CloudTrail/us-east-1/2024/09/27/broken.json", "{\"Records\":[{".getBytes(StandardCharsets.UTF_8));
        write("AWSLogs/1/CloudTrail-Digest/us-east-1/2024/09/27/d.json.gz", new byte[] {1, 2, 3});

        assertEquals(0, run(dir.toString()));
        assertTrue(out.contains("good.json.gz: 2 events, 0 dead letters (-), 0 skipped (-)"), out);
        assertTrue(out.contains("plain-named.json.gz: 1 events, 1 dead letters (not_cloudtrail=1)"), out);
        assertTrue(out.contains("broken.json: 0 events, 1 dead letters (json_syntax=1)"), out);
        assertTrue(out.contains("d.json.gz: 0 events, 0 dead letters (-), 1 skipped (digest=1)"),
                "digest keys are not opened: " + out);
        assertTrue(out.contains("dead letter not_cloudtrail at byte"), out);
        assertTrue(out.contains("total: 4 files, 3 events, 2 dead letters (json_syntax=1,not_cloudtrail=1), 1 skipped (digest=1)"),
                out);
    }

    @Test
    void jsonModePrintsOneParsableLinePerOutcome() throws IOException {
        Path f = write("x.json", (String.format(EVENT, "a") + "\n[1]\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(0, run("--json", f.toString()));
        String[] lines = out.trim().split("\n");
        assertEquals(2, lines.length, out);
        ObjectMapper m = new ObjectMapper();
        JsonNode event = m.readTree(lines[0]);
        assertEquals("event", event.get("type").asText());
        assertEquals("a", event.get("id").asText());
        assertEquals("Root", event.get("document").get("userIdentity.type").asText());
        assertEquals("2024-09-27T20:07:35.000Z", event.get("document").get("@timestamp").asText());
        JsonNode dl = m.readTree(lines[1]);
        assertEquals("dead_letter", dl.get("type").asText());
        assertEquals("not_an_object", dl.get("dead_letter").get("reason").get("code").asText());
        assertEquals("1", dl.get("dead_letter").get("payload").asText(), "a top-level array is a wrapper: its element is the value");
    }

    @Test
    void jsonModeIsJsonLinesWhateverTheInputsWhitespace() throws IOException {
        ObjectMapper m = new ObjectMapper();
        String pretty = "{\r\n  \"Records\" : [ " + m.writerWithDefaultPrettyPrinter()
                .writeValueAsString(m.readTree(String.format(EVENT, "p"))).replace("\n", "\r\n") + " ]\r\n}";
        Path f = write("pretty.json", pretty.getBytes(StandardCharsets.UTF_8));
        assertEquals(0, run("--json", f.toString()));
        String[] lines = out.trim().split("\n");
        assertEquals(1, lines.length, out);
        assertEquals("p", m.readTree(lines[0]).get("id").asText());
        assertEquals("Root", m.readTree(lines[0]).get("document").get("userIdentity.type").asText());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run());
        assertTrue(err.contains("usage"), err);
        assertEquals(2, run("--bogus", dir.toString()));
        assertTrue(err.contains("--bogus"), err);
        assertEquals(2, run(dir.resolve("missing").toString()));
        assertTrue(err.contains("no such file"), err);
        assertEquals(0, run("--help"));
    }
}
