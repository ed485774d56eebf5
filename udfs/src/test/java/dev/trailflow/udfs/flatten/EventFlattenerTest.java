package dev.trailflow.udfs.flatten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailflow.udfs.decode.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFlattenerTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static final String EVENT = "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\","
            + "\"principalId\":\"AROA:s\",\"arn\":\"arn:aws:sts::1:assumed-role/R/s\",\"accountId\":\"111122223333\","
            + "\"accessKeyId\":\"ASIA\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROA\","
            + "\"arn\":\"arn:aws:iam::1:role/R\",\"accountId\":\"111122223333\",\"userName\":\"R\"},\"webIdFederationData\":{},"
            + "\"attributes\":{\"creationDate\":\"2024-09-27T20:00:00Z\",\"mfaAuthenticated\":\"false\"}}},"
            + "\"eventTime\":\"2024-09-27 22:07:35.25+02:00\",\"eventSource\":\"ec2.amazonaws.com\","
            + "\"eventName\":\"RunInstances\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"198.51.100.1\","
            + "\"requestParameters\":{\"instancesSet\":{\"items\":[{\"imageId\":\"ami-1\",\"minCount\":1}]},\"ratio\":1.10},"
            + "\"responseElements\":\"OK\",\"additionalEventData\":[\"a\",{\"b\":1}],\"serviceEventDetails\":[{\"x\":1}],"
            + "\"eventID\":\"e-1\",\"readOnly\":false,\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\"},\"eventCategory\":\"Management\","
            + "\"big\":123456789012345678901234567890,\"vpcEndpointId\":\"\"}";

    private static JsonNode doc(CloudTrailRecord r) throws IOException {
        return M.readTree(r.document);
    }

    @Test
    void keepsEveryKeyFlattensUserIdentityAndAppendsTimestamp() throws IOException {
        CloudTrailRecord r = new EventFlattener().flatten(EVENT);
        JsonNode d = doc(r);
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = d.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertEquals("eventVersion", keys.get(0));
        assertEquals("userIdentity.type", keys.get(1), "flattened keys stand where userIdentity stood");
        assertEquals("@timestamp", keys.get(keys.size() - 1));
        assertEquals("AssumedRole", d.get("userIdentity.type").asText());
        assertEquals("R", d.get("userIdentity.sessionContext.sessionIssuer.userName").asText());
        assertEquals("false", d.get("userIdentity.sessionContext.attributes.mfaAuthenticated").asText());
        assertTrue(d.get("userIdentity.sessionContext.webIdFederationData").isObject(), "an empty object is kept");
        assertFalse(d.has("userIdentity"));
        assertEquals("2024-09-27T20:07:35.250Z", d.get("@timestamp").asText());
        assertEquals("2024-09-27 22:07:35.25+02:00", d.get("eventTime").asText(), "eventTime is kept as written");
        assertEquals("TLSv1.3", d.get("tlsDetails").get("tlsVersion").asText());
        assertEquals("", d.get("vpcEndpointId").asText());
        String text = r.documentAsString();
        assertTrue(text.contains("\"ratio\":1.10"), "numbers are copied exactly: " + text);
        assertTrue(text.contains("\"big\":123456789012345678901234567890"), text);
        // 4 fixed + 18 flattened identity/other fields: count every original leaf is present
        assertEquals(1, d.get("requestParameters").get("instancesSet").get("items").get(0).get("minCount").asInt());
    }

    @Test
    void payloadFieldsFlatObjectWouldRefuseAreWrapped() throws IOException {
        JsonNode d = doc(new EventFlattener().flatten(EVENT));
        assertTrue(d.get("requestParameters").isObject() && !d.get("requestParameters").has("_value"));
        assertEquals("OK", d.get("responseElements").get("_value").asText());
        assertEquals("a", d.get("additionalEventData").get("_value").get(0).asText());
        assertTrue(d.get("serviceEventDetails").isArray(), "an array of objects is stored as it is");
        JsonNode n = doc(new EventFlattener().flatten(EVENT.replace("\"responseElements\":\"OK\"", "\"responseElements\":null")
                .replace("\"additionalEventData\":[\"a\",{\"b\":1}]", "\"additionalEventData\":true")));
        assertTrue(n.get("responseElements").isNull());
        assertTrue(n.get("additionalEventData").get("_value").asBoolean());
    }

    @Test
    void aPayloadHoldingAStringTooLongToIndexMovesToTheOverflowField() throws IOException {
        StringBuilder big = new StringBuilder();
        while (big.length() < 40_000) {
            big.append("{\\\"Version\\\":\\\"2012-10-17\\\"}");
        }
        String asString = EVENT.replace("\"responseElements\":\"OK\"", "\"responseElements\":\"" + big + "\"");
        String inObject = EVENT.replace("\"ratio\":1.10}", "\"ratio\":1.10,\"policy\":\"" + big + "\"}");
        for (String event : new String[] {asString, inObject}) {
            JsonNode d = doc(new EventFlattener().flatten(event));
            String moved = event == asString ? "responseElements" : "requestParameters";
            assertFalse(d.has(moved), moved);
            assertTrue(d.has(EventFlattener.OVERFLOW + "." + moved), d.fieldNames().next());
        }
        // A long string that is short in bytes stays where it is.
        JsonNode kept = doc(new EventFlattener().flatten(EVENT.replace("\"OK\"", "\"" + "x".repeat(20_000) + "\"")));
        assertEquals(20_000, kept.get("responseElements").get("_value").asText().length());
    }

    @Test
    void dimensionsAreExtractedWithNullApartFromEmpty() throws IOException {
        CloudTrailRecord r = new EventFlattener().flatten(EVENT);
        assertArrayEquals(new String[] {"AssumedRole", "111122223333", "R", "arn:aws:iam::1:role/R", "Role", "eu-west-1",
            "198.51.100.1", "ec2.amazonaws.com", "RunInstances", "Management"}, r.dimensions());
        assertEquals("e-1", r.documentId);

        CloudTrailRecord service = new EventFlattener().flatten("{\"eventVersion\":\"1.08\",\"userIdentity\":"
                + "{\"type\":\"AWSService\",\"invokedBy\":\"ec2.amazonaws.com\"},\"eventTime\":\"2024-09-27T20:07:35Z\","
                + "\"eventSource\":\"sts.amazonaws.com\",\"eventName\":\"AssumeRole\",\"awsRegion\":\"\","
                + "\"sourceIPAddress\":null}");
        assertArrayEquals(new String[] {"AWSService", null, null, null, null, "", null, "sts.amazonaws.com",
            "AssumeRole", null}, service.dimensions());
        assertTrue(service.documentId.startsWith("sha256-"), "no eventID: a content hash, stable on replay");
        assertEquals(service.documentId, new EventFlattener().flatten("{\"eventVersion\":\"1.08\",\"userIdentity\":"
                + "{\"type\":\"AWSService\",\"invokedBy\":\"ec2.amazonaws.com\"},\"eventTime\":\"2024-09-27T20:07:35Z\","
                + "\"eventSource\":\"sts.amazonaws.com\",\"eventName\":\"AssumeRole\",\"awsRegion\":\"\","
                + "\"sourceIPAddress\":null}").documentId);
    }

    @Test
    void missingUserIdentityAndScalarUserIdentityAreKept() throws IOException {
        String base = "{\"eventVersion\":\"1.08\",%s\"eventTime\":\"2024-09-27T20:07:35Z\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\"}";
        CloudTrailRecord none = new EventFlattener().flatten(String.format(base, ""));
        assertNull(none.userIdentityType);
        CloudTrailRecord scalar = new EventFlattener().flatten(String.format(base, "\"userIdentity\":\"anonymous\","));
        assertEquals("anonymous", doc(scalar).get("userIdentity").asText());
        assertNull(scalar.userIdentityType);
    }

    @Test
    void anOwnTimestampKeyIsKeptUnderAnotherName() throws IOException {
        CloudTrailRecord r = new EventFlattener().flatten(EVENT.replace("\"eventID\"", "\"@timestamp\":\"x\",\"eventID\""));
        JsonNode d = doc(r);
        assertEquals("x", d.get(EventFlattener.ORIGINAL_TIMESTAMP).asText());
        assertEquals("2024-09-27T20:07:35.250Z", d.get("@timestamp").asText());
    }

    @Test
    void rejectsWithAReason() throws IOException {
        EventFlattener f = new EventFlattener();
        assertNull(f.flatten(EVENT.replace("\"ec2.amazonaws.com\"", "\"aws:s3\"")));
        assertEquals(Reason.NOT_CLOUDTRAIL, f.rejectReason());
        assertNull(f.flatten(EVENT.replace("\"eventVersion\":\"1.08\"", "\"eventVersion\":null")));
        assertEquals(Reason.NOT_CLOUDTRAIL, f.rejectReason());
        assertTrue(f.rejectMessage().contains("eventVersion"), f.rejectMessage());
        assertNull(f.flatten(EVENT.replace("\"eventName\":\"RunInstances\"", "\"eventName\":7")));
        assertEquals(Reason.NOT_CLOUDTRAIL, f.rejectReason());
        assertNull(f.flatten(EVENT.replace("2024-09-27 22:07:35.25+02:00", "yesterday")));
        assertEquals(Reason.BAD_EVENT_TIME, f.rejectReason());
        assertNull(f.flatten("[1]"));
        assertEquals(Reason.NOT_AN_OBJECT, f.rejectReason());
        // and the flattener is fine for the next event
        assertEquals("e-1", f.flatten(EVENT).documentId);
    }
}
