package dev.trailflow.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The messages AWS puts in a queue subscribed to a trail bucket, in each shape the SQS source
 * accepts, with the fields AWS sends: what the benchmark and the tests announce files with, since
 * the local S3-API server sends no notifications of its own.
 */
public final class SqsShapes {

    private static final ObjectMapper M = new ObjectMapper();

    private SqsShapes() {}

    /** An S3 event notification; the key is encoded here, as S3 does. */
    public static String s3Event(String eventName, String bucket, String key, long size, Instant time) {
        ObjectNode record = M.createObjectNode();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", "us-east-1");
        record.put("eventTime", time.toString());
        record.put("eventName", eventName);
        record.putObject("userIdentity").put("principalId", "AWS:AROAEXAMPLE:regionalDeliverySession");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "trail-files");
        s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
        s3.putObject("object").put("key", s3EncodedKey(key)).put("size", size).put("sequencer", "0066F4A1");
        ObjectNode root = M.createObjectNode();
        root.putArray("Records").add(record);
        return root.toString();
    }

    /** As a form is encoded ('+' for a space), the slashes left as they are. */
    public static String s3EncodedKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** An SNS topic's envelope, as it lands in a subscribed queue without raw message delivery. */
    public static String sns(String message) {
        ObjectNode n = M.createObjectNode();
        n.put("Type", "Notification");
        n.put("MessageId", "6f1a2b3c-0000-4000-8000-" + String.format("%012x", message.hashCode() & 0xffffffffL));
        n.put("TopicArn", "arn:aws:sns:us-east-1:111122223333:trail-files");
        n.put("Subject", "Amazon S3 Notification");
        n.put("Message", message);
        n.put("Timestamp", Instant.now().toString());
        n.put("SignatureVersion", "1");
        return n.toString();
    }

    /** An EventBridge event delivered to the queue by a rule; the key as it is. */
    public static String eventBridge(String detailType, String bucket, String key, long size, Instant time) {
        ObjectNode n = M.createObjectNode();
        n.put("version", "0");
        n.put("id", "17793124-05d4-b198-2fde-7ededc63b103");
        n.put("detail-type", detailType);
        n.put("source", "aws.s3");
        n.put("account", "111122223333");
        n.put("time", time.toString());
        n.put("region", "us-east-1");
        n.putArray("resources").add("arn:aws:s3:::" + bucket);
        ObjectNode detail = n.putObject("detail");
        detail.put("version", "0");
        detail.putObject("bucket").put("name", bucket);
        detail.putObject("object").put("key", key).put("size", size).put("sequencer", "0066F4A1");
        detail.put("reason", "PutObject");
        return n.toString();
    }

    /** CloudTrail's own log-delivery notification, the Message of its SNS topic. */
    public static String cloudTrailDelivery(String bucket, String... keys) {
        ObjectNode n = M.createObjectNode();
        n.put("s3Bucket", bucket);
        Arrays.stream(keys).forEach(n.putArray("s3ObjectKey")::add);
        return n.toString();
    }

    /** What S3 sends once when a notification is configured. */
    public static String testEvent(String bucket) {
        ObjectNode n = M.createObjectNode();
        n.put("Service", "Amazon S3");
        n.put("Event", "s3:TestEvent");
        n.put("Time", Instant.now().toString());
        n.put("Bucket", bucket);
        n.put("RequestId", "5582815E1AEA5ADF");
        return n.toString();
    }

    /** What SNS leaves in a queue subscribed to it before the subscription is confirmed. */
    public static String snsSubscriptionConfirmation() {
        ObjectNode n = M.createObjectNode();
        n.put("Type", "SubscriptionConfirmation");
        n.put("TopicArn", "arn:aws:sns:us-east-1:111122223333:trail-files");
        n.put("Message", "You have chosen to subscribe to the topic.");
        n.put("SubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription");
        return n.toString();
    }
}
