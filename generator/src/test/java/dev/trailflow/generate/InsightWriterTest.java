package dev.trailflow.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trailflow.udfs.decode.CloudTrailDecoder;
import dev.trailflow.udfs.decode.Decoded;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --insights N: Start/End pairs in CloudTrail-Insight/ files, which the decoder takes as Insights. */
class InsightWriterTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static Map<String, byte[]> generate(GeneratorConfig cfg) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        new CloudTrailGenerator().generate(cfg.gzip(false), (key, delivered, json) -> files.put(key, json));
        return files;
    }

    @Test
    void pairsShareAnIdStartBeforeEndAndDecodeAsInsights() throws IOException {
        GeneratorConfig cfg = new GeneratorConfig().events(500).span(Duration.ofHours(2)).insightPairs(7).seed(3);
        Map<String, byte[]> files = generate(cfg);
        Map<String, List<JsonNode>> byShared = new LinkedHashMap<>();
        int insightFiles = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!f.getKey().contains("/CloudTrail-Insight/")) {
                continue;
            }
            insightFiles++;
            assertTrue(f.getKey().matches("AWSLogs/\\d{12}/CloudTrail-Insight/[a-z0-9-]+/\\d{4}/\\d\\d/\\d\\d/"
                    + "\\d{12}_CloudTrail-Insight_[a-z0-9-]+_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json"), f.getKey());
            try (CloudTrailDecoder d = CloudTrailDecoder.open(new ByteArrayInputStream(f.getValue()), f.getKey())) {
                for (Decoded x = d.next(); x != null; x = d.next()) {
                    assertEquals(Decoded.Kind.INSIGHT, x.kind(), x::toString);
                    JsonNode doc = M.readTree(x.record().document);
                    byShared.computeIfAbsent(doc.get("sharedEventID").asText(), k -> new ArrayList<>()).add(doc);
                }
            }
        }
        assertEquals(14, insightFiles, "one event per file");
        assertEquals(7, byShared.size());
        for (List<JsonNode> pair : byShared.values()) {
            assertEquals(2, pair.size());
            pair.sort((a, b) -> a.get("insightDetails").get("state").asText().compareTo(b.get("insightDetails").get("state").asText()));
            JsonNode end = pair.get(0);
            JsonNode start = pair.get(1);
            assertEquals("End", end.get("insightDetails").get("state").asText());
            assertEquals("Start", start.get("insightDetails").get("state").asText());
            long minutes = end.at("/insightDetails/insightContext/statistics/insightDuration").asLong();
            assertEquals(Instant.parse(start.get("eventTime").asText()).plusSeconds(60 * minutes),
                    Instant.parse(end.get("eventTime").asText()));
            assertTrue(start.at("/insightDetails/insightContext/statistics/insightDuration").isMissingNode());
            assertTrue(start.at("/insightDetails/insightContext/statistics/insight/average").asDouble()
                    > start.at("/insightDetails/insightContext/statistics/baseline/average").asDouble());
            assertEquals(start.get("recipientAccountId"), end.get("recipientAccountId"));
            assertEquals(start.get("insightDetails").get("eventName"), end.get("insightDetails").get("eventName"));
        }
    }

    @Test
    void insightsChangeNoOtherFile() throws IOException {
        Map<String, byte[]> without = generate(new GeneratorConfig().events(800).seed(9));
        Map<String, byte[]> with = generate(new GeneratorConfig().events(800).seed(9).insightPairs(3));
        with.keySet().removeIf(k -> k.contains("/CloudTrail-Insight/"));
        assertEquals(without.keySet(), with.keySet());
        for (String k : without.keySet()) {
            assertArrayEquals(without.get(k), with.get(k), k);
        }
    }
}
