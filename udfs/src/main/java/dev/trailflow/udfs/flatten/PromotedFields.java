package dev.trailflow.udfs.flatten;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Payload subfields that OpenSearch Security Analytics' {@code cloudtrail} log type and rules query,
 * copied out of their {@code flat_object} payload into fields of their own.
 *
 * <p>Why copies: a path inside a {@code flat_object} answers a term query but is no field of the
 * mapping, so Security Analytics cannot alias it, and an alias to it finds nothing (measured on
 * OpenSearch 2.19.1). The payload stays a {@code flat_object}, which never refuses a document whose
 * payload changes type; the copies are named as the detectors query them (the log type's
 * {@code aws.cloudtrail.*} names), mapped as keyword, and only ever hold strings: a number or boolean
 * is copied as its text, an object or null is not copied at all (it is still in the payload). Arrays
 * on the way are looked through, so {@code containerDefinitions[].command[]} gives every command.
 */
public final class PromotedFields {

    /** Payload path → the field its copy goes to, in the order the copies are written. */
    public static final Map<String, String> COPIES;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("requestParameters.arn", "aws.cloudtrail.request_parameters.arn");
        m.put("requestParameters.attribute", "aws.cloudtrail.request_parameters.attribute");
        m.put("requestParameters.userName", "aws.cloudtrail.request_parameters.username");
        m.put("requestParameters.roleArn", "aws.cloudtrail.request_parameters.roleArn");
        m.put("requestParameters.roleSessionName", "aws.cloudtrail.request_parameters.roleSessionName");
        m.put("requestParameters.containerDefinitions.command",
                "aws.cloudtrail.request_parameters.container_definitions.command");
        m.put("responseElements.pendingModifiedValues.masterUserPassword",
                "aws.cloudtrail.response_elements.pending_modified_values.master_user_password");
        m.put("responseElements.publiclyAccessible", "aws.cloudtrail.response_elements.publicly_accessible");
        m.put("additionalEventData.LoginTo", "aws.cloudtrail.additional_event_data.loginTo");
        m.put("additionalEventData.MFAUsed", "aws.cloudtrail.additional_event_data.mfaUsed");
        COPIES = Collections.unmodifiableMap(m);
    }

    /** One step of a path; {@code target} is set where a copied value sits. */
    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        String target;
    }

    private static final Map<String, Node> BY_PAYLOAD = new HashMap<>();

    static {
        for (Map.Entry<String, String> e : COPIES.entrySet()) {
            String[] steps = e.getKey().split("\\.");
            Node n = BY_PAYLOAD.computeIfAbsent(steps[0], k -> new Node());
            for (int i = 1; i < steps.length; i++) {
                n = n.children.computeIfAbsent(steps[i], k -> new Node());
            }
            n.target = e.getValue();
        }
    }

    /** Values found in the current event, by target; reset per event. */
    private final Map<String, List<String>> found = new HashMap<>();

    public void reset() {
        found.clear();
    }

    /** Whether a payload field of this name has subfields to copy. */
    static boolean promotes(String payload) {
        return BY_PAYLOAD.containsKey(payload);
    }

    /** Reads the payload's value (the parser on its first token) through its end, noting what to copy. */
    void collect(String payload, JsonParser p, JsonToken v) throws IOException {
        collect(BY_PAYLOAD.get(payload), p, v);
    }

    private void collect(Node node, JsonParser p, JsonToken v) throws IOException {
        if (node == null) {
            p.skipChildren();
        } else if (v == JsonToken.START_OBJECT) {
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                Node child = node.children.get(p.currentName());
                JsonToken value = p.nextToken();
                if (child == null) {
                    p.skipChildren();
                } else {
                    collect(child, p, value);
                }
            }
        } else if (v == JsonToken.START_ARRAY) {
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                collect(node, p, t);
            }
        } else if (node.target != null && v != JsonToken.VALUE_NULL && v.isScalarValue()) {
            found.computeIfAbsent(node.target, k -> new ArrayList<>()).add(p.getText());
        }
    }

    /** The same from a tree. */
    void collect(String payload, JsonNode value) {
        collect(BY_PAYLOAD.get(payload), value);
    }

    private void collect(Node node, JsonNode value) {
        if (node == null) {
            return;
        }
        if (value.isObject()) {
            for (java.util.Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Node child = node.children.get(e.getKey());
                if (child != null) {
                    collect(child, e.getValue());
                }
            }
        } else if (value.isArray()) {
            for (JsonNode element : value) {
                collect(node, element);
            }
        } else if (node.target != null && !value.isNull() && value.isValueNode()) {
            found.computeIfAbsent(node.target, k -> new ArrayList<>()).add(value.asText());
        }
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** Writes the copies as fields of the open object, in {@link #COPIES} order: one string, or an array. */
    void write(JsonGenerator g) throws IOException {
        for (String target : COPIES.values()) {
            List<String> values = found.get(target);
            if (values == null) {
                continue;
            }
            g.writeFieldName(target);
            if (values.size() == 1) {
                g.writeString(values.get(0));
            } else {
                g.writeStartArray();
                for (String v : values) {
                    g.writeString(v);
                }
                g.writeEndArray();
            }
        }
    }
}
