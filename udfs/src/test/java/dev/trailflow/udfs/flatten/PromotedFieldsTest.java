package dev.trailflow.udfs.flatten;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailflow.udfs.decode.CloudTrailDecoder;
import dev.trailflow.udfs.decode.Decoded;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The payload subfields Security Analytics queries are copied out as strings, whatever their type. */
class PromotedFieldsTest {

    private static final ObjectMapper M = new ObjectMapper();
    private static final String HEAD = "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-09-27T20:07:35Z\","
            + "\"eventSource\":\"ecs.amazonaws.com\",\"eventName\":\"RegisterTaskDefinition\",\"eventID\":\"p1\",";

    /** The document from bytes (spliced), checked against the one written token by token. */
    private static JsonNode flatten(String json) throws IOException {
        JsonNode written = M.readTree(new EventFlattener().flatten(json).document);
        try (CloudTrailDecoder d = CloudTrailDecoder.open(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t")) {
            Decoded x = d.next();
            assertEquals(written, M.readTree(x.record().document), "spliced and written documents differ");
        }
        return written;
    }

    @Test
    void scalarsAreCopiedAsTextThroughArraysAndObjectsAreLeftInThePayload() throws IOException {
        String json = HEAD + "\"requestParameters\":{\"attribute\":\"userData\",\"roleArn\":{\"odd\":1},"
                + "\"containerDefinitions\":[{\"command\":[\"sh\",\"curl 169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI\"]},"
                + "{\"command\":\"echo\"},{\"image\":\"x\"}],\"userName\":null},"
                + "\"responseElements\":{\"publiclyAccessible\":true,\"pendingModifiedValues\":{\"masterUserPassword\":\"****\"}},"
                + "\"additionalEventData\":{\"MFAUsed\":\"Yes\",\"LoginTo\":12}}";
        JsonNode doc = flatten(json);
        assertEquals("userData", doc.get("aws.cloudtrail.request_parameters.attribute").asText());
        assertEquals(M.readTree("[\"sh\",\"curl 169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI\",\"echo\"]"),
                doc.get("aws.cloudtrail.request_parameters.container_definitions.command"));
        assertFalse(doc.has("aws.cloudtrail.request_parameters.roleArn"), "an object is never copied into a keyword");
        assertFalse(doc.has("aws.cloudtrail.request_parameters.username"), "nor is null");
        assertEquals("true", doc.get("aws.cloudtrail.response_elements.publicly_accessible").textValue());
        assertEquals("****", doc.get("aws.cloudtrail.response_elements.pending_modified_values.master_user_password").asText());
        assertEquals("Yes", doc.get("aws.cloudtrail.additional_event_data.mfaUsed").asText());
        assertEquals("12", doc.get("aws.cloudtrail.additional_event_data.loginTo").textValue());
        ObjectNode payload = (ObjectNode) M.readTree(json).get("requestParameters");
        assertEquals(payload, doc.get("requestParameters"), "the payload itself is unchanged");
        // The copies come right before @timestamp, which stays last.
        java.util.List<String> keys = new java.util.ArrayList<>();
        doc.fieldNames().forEachRemaining(keys::add);
        assertEquals("@timestamp", keys.get(keys.size() - 1));
        assertEquals("aws.cloudtrail.request_parameters.attribute", keys.get(keys.size() - 7));
    }

    @Test
    void aPayloadOfAnotherTypeGivesNoCopy() throws IOException {
        for (String payload : new String[] {"\"userData\"", "[\"attribute\"]", "42", "null", "[{\"attribute\":\"a\"},3]"}) {
            JsonNode doc = flatten(HEAD + "\"requestParameters\":" + payload + "}");
            boolean copied = doc.has("aws.cloudtrail.request_parameters.attribute");
            assertEquals(payload.startsWith("[{"), copied, payload);
        }
    }
}
