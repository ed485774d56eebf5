package dev.trailflow.job.sources.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one SQS message says, whichever of the shapes that can announce a CloudTrail file it has: an
 * S3 event notification, the same wrapped by SNS, an EventBridge "Object Created" event, or
 * CloudTrail's own SNS log-delivery notification. Anything else is {@link Kind#INVALID}, with the
 * reason it was not understood.
 */
public final class Notification {

    public enum Kind {
        /** Names objects to read (possibly none after filtering, which the reader counts). */
        FILES,
        /** {@code s3:TestEvent}, sent when a bucket notification is configured. */
        TEST_EVENT,
        /** An S3 or EventBridge event about something other than a created object (e.g. a removal). */
        OTHER_EVENT,
        /** SNS subscription housekeeping, e.g. a SubscriptionConfirmation left in the queue. */
        SNS_CONTROL,
        INVALID
    }

    /** One announced object. {@code size} is -1 when the shape does not carry it. */
    public static final class S3Object {
        public final String bucket;
        public final String key;
        public final long size;

        S3Object(String bucket, String key, long size) {
            this.bucket = bucket;
            this.key = key;
            this.size = size;
        }

        public String uri() {
            return "s3://" + bucket + "/" + key;
        }

        @Override
        public String toString() {
            return uri();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public final Kind kind;
    public final List<S3Object> files;
    /** When the object was created, by the message; -1 when it does not say. */
    public final long eventTime;
    /** Why an INVALID message was not understood; else null. */
    public final String reason;

    private Notification(Kind kind, List<S3Object> files, long eventTime, String reason) {
        this.kind = kind;
        this.files = files;
        this.eventTime = eventTime;
        this.reason = reason;
    }

    static Notification of(Kind kind) {
        return new Notification(kind, Collections.emptyList(), -1, null);
    }

    static Notification invalid(String reason) {
        return new Notification(Kind.INVALID, Collections.emptyList(), -1, reason);
    }

    public static Notification parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return invalid("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return invalid("not a JSON object");
        }
        return parse(root, false);
    }

    private static Notification parse(JsonNode root, boolean insideSns) {
        if (root.has("Records")) {
            return s3Event(root.get("Records"));
        }
        if ("s3:TestEvent".equals(root.path("Event").asText(null))) {
            return of(Kind.TEST_EVENT);
        }
        if (root.has("s3Bucket") && root.has("s3ObjectKey")) {
            return cloudTrailDelivery(root);
        }
        if ("aws.s3".equals(root.path("source").asText(null)) && root.has("detail-type")) {
            return eventBridge(root);
        }
        if (!insideSns && root.has("Type") && root.has("TopicArn")) {
            return sns(root);
        }
        return invalid("not an S3, SNS, EventBridge or CloudTrail notification");
    }

    private static Notification sns(JsonNode root) {
        String type = root.path("Type").asText("");
        if (!"Notification".equals(type)) {
            return of(Kind.SNS_CONTROL);
        }
        JsonNode message = root.get("Message");
        if (message == null || !message.isTextual()) {
            return invalid("SNS notification without a Message");
        }
        JsonNode inner;
        try {
            inner = JSON.readTree(message.asText());
        } catch (JsonProcessingException e) {
            return invalid("SNS Message is not JSON: " + e.getOriginalMessage());
        }
        if (inner == null || !inner.isObject()) {
            return invalid("SNS Message is not a JSON object");
        }
        return parse(inner, true);
    }

    /** Keys arrive URL-encoded as a form is: '+' for a space, %XX for the rest. */
    private static Notification s3Event(JsonNode records) {
        if (!records.isArray()) {
            return invalid("Records is not an array");
        }
        List<S3Object> files = new ArrayList<>();
        long newest = -1;
        boolean other = false;
        for (JsonNode r : records) {
            String name = r.path("eventName").asText("");
            JsonNode s3 = r.path("s3");
            String bucket = s3.path("bucket").path("name").asText(null);
            String key = s3.path("object").path("key").asText(null);
            if (bucket == null || key == null) {
                return invalid("an S3 event record without s3.bucket.name or s3.object.key");
            }
            if (!name.startsWith("ObjectCreated:")) {
                other = true;
                continue;
            }
            String decoded;
            try {
                decoded = URLDecoder.decode(key, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return invalid("an S3 event record whose key is not URL-encoded: " + key);
            }
            files.add(new S3Object(bucket, decoded, s3.path("object").path("size").asLong(-1)));
            newest = Math.max(newest, time(r.path("eventTime").asText(null)));
        }
        if (files.isEmpty() && other) {
            return of(Kind.OTHER_EVENT);
        }
        if (files.isEmpty()) {
            return invalid("an S3 event notification without records");
        }
        return new Notification(Kind.FILES, files, newest, null);
    }

    /** EventBridge carries the key as it is, not URL-encoded. */
    private static Notification eventBridge(JsonNode root) {
        if (!"Object Created".equals(root.path("detail-type").asText(""))) {
            return of(Kind.OTHER_EVENT);
        }
        JsonNode detail = root.path("detail");
        String bucket = detail.path("bucket").path("name").asText(null);
        String key = detail.path("object").path("key").asText(null);
        if (bucket == null || key == null) {
            return invalid("an EventBridge Object Created event without detail.bucket.name or detail.object.key");
        }
        return new Notification(Kind.FILES,
                Collections.singletonList(new S3Object(bucket, key, detail.path("object").path("size").asLong(-1))),
                time(root.path("time").asText(null)), null);
    }

    /** CloudTrail's own SNS message: {"s3Bucket": "...", "s3ObjectKey": ["AWSLogs/..."]}, keys as they are. */
    private static Notification cloudTrailDelivery(JsonNode root) {
        String bucket = root.get("s3Bucket").asText(null);
        JsonNode keys = root.get("s3ObjectKey");
        if (bucket == null || bucket.isEmpty() || !keys.isArray() || keys.size() == 0) {
            return invalid("a CloudTrail delivery notification without s3Bucket or s3ObjectKey keys");
        }
        List<S3Object> files = new ArrayList<>();
        for (JsonNode k : keys) {
            if (!k.isTextual() || k.asText().isEmpty()) {
                return invalid("a CloudTrail delivery notification with a key that is not a string");
            }
            files.add(new S3Object(bucket, k.asText(), -1));
        }
        return new Notification(Kind.FILES, files, -1, null);
    }

    private static long time(String iso) {
        if (iso == null) {
            return -1;
        }
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
