package dev.trailflow.job.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailflow.job.records.Rollup;
import dev.trailflow.udfs.decode.DeadLetter;
import dev.trailflow.udfs.decode.Reason;
import dev.trailflow.udfs.flatten.CloudTrailRecord;
import dev.trailflow.udfs.flatten.EventFlattener;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmittersTest {

    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void rollupDocumentHasTheFlintViewsKeysInOrderAndLeavesNullsOut() throws IOException {
        long start = Instant.parse("2024-09-27T21:30:00Z").toEpochMilli();
        String[] dims = {"AssumedRole", "111122223333", null, "", "Role", "us-east-1", "203.0.113.7",
            "s3.amazonaws.com", "GetObject", "Data"};
        Rollup r = new Rollup(start, start + 300_000, dims, 42, 0);
        JsonNode doc = M.readTree(RollupEmitter.document(r));
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertEquals(List.of("start_time", "end_time", "aws.cloudtrail.userIdentity.type",
                "aws.cloudtrail.userIdentity.accountId", "aws.cloudtrail.userIdentity.sessionContext.sessionIssuer.arn",
                "aws.cloudtrail.userIdentity.sessionContext.sessionIssuer.type", "aws.cloudtrail.awsRegion",
                "aws.cloudtrail.sourceIPAddress", "aws.cloudtrail.eventSource", "aws.cloudtrail.eventName",
                "aws.cloudtrail.eventCategory", "aws.cloudtrail.event_count"), keys);
        assertEquals("2024-09-27T21:30:00.000000+0000", doc.get("start_time").asText());
        assertEquals("2024-09-27T21:35:00.000000+0000", doc.get("end_time").asText());
        assertEquals("", doc.get("aws.cloudtrail.userIdentity.sessionContext.sessionIssuer.arn").asText());
        assertEquals(42, doc.get("aws.cloudtrail.event_count").asLong());

        BulkItem req = new RollupEmitter("rollups").item(r);
        assertEquals("rollups", req.index);
        assertEquals(r.id(), req.id);
        assertEquals(42, req.version, "the count is the version: an older, smaller count loses");
        Rollup corrected = new Rollup(start, start + 300_000, dims.clone(), 43, 1);
        assertEquals(req.id, new RollupEmitter("rollups").item(corrected).id, "a correction replaces the rollup");
        assertEquals(43, new RollupEmitter("rollups").item(corrected).version);
        dims[2] = "";
        assertNotEquals(req.id, new Rollup(start, start + 300_000, dims, 42, 0).id(), "null is not empty");
    }

    @Test
    void rawRecordGoesToItsEventsOwnDayUnderItsEventId() throws IOException {
        CloudTrailRecord r = new EventFlattener().flatten("{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-09-27T23:59:59+01:00\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"eventID\":\"e-1\"}");
        BulkItem req = new RawRecordEmitter("cloudtrail-{yyyy.MM.dd}").item(r);
        assertEquals("cloudtrail-2024.09.27", req.index, "the UTC day of the event, not of its offset");
        assertEquals("e-1", req.id);
        assertFalse(req.versioned(), "an event overwrites itself");
        assertEquals("2024-09-27T22:59:59.000Z", M.readTree(req.document).get("@timestamp").asText());
        assertEquals("fixed", new RawRecordEmitter("fixed").item(r).index);
    }

    @Test
    void deadLetterIdsAreStableAcrossReplaysAndApartAcrossPositions() throws IOException {
        DeadLetter a = DeadLetter.ofText(Reason.JSON_SYNTAX, "m", "s3://b/k", "byte 10", "{");
        DeadLetter again = DeadLetter.ofText(Reason.JSON_SYNTAX, "other message", "s3://b/k", "byte 10", "{");
        DeadLetter elsewhere = DeadLetter.ofText(Reason.JSON_SYNTAX, "m", "s3://b/k", "byte 11", "{");
        assertEquals(DeadLetterEmitter.id(a), DeadLetterEmitter.id(again));
        assertNotEquals(DeadLetterEmitter.id(a), DeadLetterEmitter.id(elsewhere));
        BulkItem req = new DeadLetterEmitter("dl").item(a, Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        JsonNode doc = M.readTree(req.document);
        assertEquals("2026-01-01T00:00:00.000Z", doc.get("@timestamp").asText());
        assertEquals("json_syntax", doc.get("reason").get("code").asText());
        assertEquals("s3://b/k", doc.get("source").get("uri").asText());
        assertEquals("{", doc.get("payload").asText());
        assertFalse(doc.get("payload_truncated").asBoolean());
    }

    @Test
    void templatesCoverTheIndicesTheJobWrites() {
        assertEquals("cloudtrail-*", IndexTemplates.rawPattern("cloudtrail-{yyyy.MM.dd}"));
        assertTrue(IndexTemplates.rawTemplate("30s").contains("\"requestParameters\":{\"type\":\"flat_object\"}"));
        assertTrue(IndexTemplates.rawTemplate("30s").contains("\"date_detection\":false"));
        assertTrue(IndexTemplates.rawTemplate("30s").contains("\"payloadOverflow\":{\"type\":\"object\",\"enabled\":false}"));
        assertTrue(IndexTemplates.rawTemplate("30s").contains("\"index.refresh_interval\":\"30s\""));
        assertTrue(IndexTemplates.deadLetterTemplate().contains("\"dynamic\":false"));
    }

    @Test
    void everyAliasOfTheRawTemplatePointsAtAFieldItMaps() throws Exception {
        com.fasterxml.jackson.databind.JsonNode properties = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(IndexTemplates.rawTemplate("30s")).get("mappings").get("properties");
        java.util.Map<String, String> aliases = new java.util.LinkedHashMap<>(EcosystemFields.SECURITY_ANALYTICS_ALIASES);
        aliases.putAll(EcosystemFields.INTEGRATION_ALIASES);
        for (java.util.Map.Entry<String, String> a : aliases.entrySet()) {
            assertEquals("alias", at(properties, a.getKey()).path("type").asText(), a.getKey());
            assertEquals(a.getValue(), at(properties, a.getKey()).path("path").asText());
            String target = at(properties, a.getValue()).path("type").asText();
            assertTrue(target.equals("keyword") || target.equals("date"), a.getValue() + " is " + target);
        }
        for (String copy : dev.trailflow.udfs.flatten.PromotedFields.COPIES.values()) {
            assertEquals("keyword", at(properties, copy).path("type").asText(), copy);
        }
        assertEquals("flat_object", at(properties, "responseElements").path("type").asText());
    }

    @Test
    void theInsightsTemplateMapsWhatChartsGroupByAndKeepsTheRestUnindexed() throws Exception {
        com.fasterxml.jackson.databind.JsonNode properties = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(IndexTemplates.insightsTemplate("5s")).get("mappings").get("properties");
        for (String f : new String[] {"insightDetails.state", "insightDetails.eventSource", "insightDetails.eventName",
            "insightDetails.insightType", "awsRegion", "recipientAccountId", "eventType", "sharedEventID"}) {
            assertEquals("keyword", at(properties, f).path("type").asText(), f);
        }
        assertEquals("date", at(properties, "@timestamp").path("type").asText());
        assertEquals("double", at(properties, "insightDetails.insightContext.statistics.insight.average").path("type").asText());
        assertTrue(properties.get("insightDetails").get("dynamic").asBoolean(true) == false);
    }

    /** The mapping of a dotted path. */
    private static com.fasterxml.jackson.databind.JsonNode at(com.fasterxml.jackson.databind.JsonNode properties, String path) {
        com.fasterxml.jackson.databind.JsonNode n = properties;
        String[] steps = path.split("\\.");
        for (int i = 0; i < steps.length; i++) {
            n = n.path(steps[i]);
            if (i < steps.length - 1) {
                n = n.path("properties");
            }
        }
        return n;
    }
}
