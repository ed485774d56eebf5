package dev.trailflow.job.sources.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.trailflow.generate.SqsShapes.cloudTrailDelivery;
import static dev.trailflow.generate.SqsShapes.sns;

import dev.trailflow.generate.SqsShapes;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every shape a queue on a trail bucket can carry, as AWS documents and sends them. */
class NotificationTest {

    private static final String KEY = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/09/26/"
            + "111122223333_CloudTrail_us-east-1_20240926T0005Z_Ab12Cd34Ef56Gh78.json.gz";

    private static final Instant T = Instant.parse("2024-09-26T00:10:03.412Z");

    private static String s3Event(String eventName, String bucket, String key) {
        return SqsShapes.s3Event(eventName, bucket, key, 2817, T);
    }

    private static String eventBridge(String detailType, String bucket, String key) {
        return SqsShapes.eventBridge(detailType, bucket, key, 2817, T);
    }

    private static List<String> uris(Notification n) {
        return n.files.stream().map(Notification.S3Object::uri).collect(Collectors.toList());
    }

    @Test
    void anS3EventNotificationNamesItsObjectPlainOrThroughSns() {
        for (String body : Arrays.asList(s3Event("ObjectCreated:Put", "trail", KEY),
                sns(s3Event("ObjectCreated:CompleteMultipartUpload", "trail", KEY)))) {
            Notification n = Notification.parse(body);
            assertEquals(Notification.Kind.FILES, n.kind, body);
            assertEquals(List.of("s3://trail/" + KEY), uris(n));
            assertEquals(2817, n.files.get(0).size);
            assertEquals(T.toEpochMilli(), n.eventTime);
        }
    }

    @Test
    void s3EventKeysAreDecodedAsAFormIsAndOtherShapesKeysAreTakenAsTheyAre() {
        String key = "AWSLogs/o-1/my trail/2024-09-26T00:05:00Z/a+b c.json";
        assertEquals("AWSLogs/o-1/my+trail/2024-09-26T00%3A05%3A00Z/a%2Bb+c.json", SqsShapes.s3EncodedKey(key));
        Notification s3 = Notification.parse(s3Event("ObjectCreated:Put", "trail", key));
        assertEquals(key, s3.files.get(0).key);
        Notification percentSpace = Notification.parse(s3Event("ObjectCreated:Put", "trail", "x").replace("\"key\":\"x\"",
                "\"key\":\"AWSLogs/a%20b%3A.json\""));
        assertEquals("AWSLogs/a b:.json", percentSpace.files.get(0).key);

        Notification bridge = Notification.parse(eventBridge("Object Created", "trail", "AWSLogs/a+b c%3A.json"));
        assertEquals("AWSLogs/a+b c%3A.json", bridge.files.get(0).key);
        Notification delivery = Notification.parse(cloudTrailDelivery("trail", "AWSLogs/a+b.json"));
        assertEquals("AWSLogs/a+b.json", delivery.files.get(0).key);

        Notification broken = Notification.parse(s3Event("ObjectCreated:Put", "trail", "x").replace("\"key\":\"x\"",
                "\"key\":\"AWSLogs/100%.json\""));
        assertEquals(Notification.Kind.INVALID, broken.kind);
        assertTrue(broken.reason.contains("not URL-encoded"), broken.reason);
    }

    @Test
    void anEventBridgeObjectCreatedEventPlainOrThroughSns() {
        for (String body : Arrays.asList(eventBridge("Object Created", "trail", KEY),
                sns(eventBridge("Object Created", "trail", KEY)))) {
            Notification n = Notification.parse(body);
            assertEquals(Notification.Kind.FILES, n.kind, body);
            assertEquals(List.of("s3://trail/" + KEY), uris(n));
            assertEquals(T.toEpochMilli(), n.eventTime);
        }
        assertEquals(Notification.Kind.OTHER_EVENT, Notification.parse(eventBridge("Object Deleted", "trail", KEY)).kind);
    }

    @Test
    void cloudTrailsDeliveryNotificationNamesEveryKeyItLists() {
        String second = KEY.replace("Ab12", "Zz99");
        for (String body : Arrays.asList(cloudTrailDelivery("trail", KEY, second),
                sns(cloudTrailDelivery("trail", KEY, second)))) {
            Notification n = Notification.parse(body);
            assertEquals(Notification.Kind.FILES, n.kind, body);
            assertEquals(List.of("s3://trail/" + KEY, "s3://trail/" + second), uris(n));
            assertEquals(-1, n.files.get(0).size, "the shape does not say");
        }
    }

    @Test
    void testEventsRemovalsAndSnsHousekeepingCarryNothingToRead() {
        String test = SqsShapes.testEvent("trail");
        assertEquals(Notification.Kind.TEST_EVENT, Notification.parse(test).kind);
        assertEquals(Notification.Kind.TEST_EVENT, Notification.parse(sns(test)).kind);
        assertEquals(Notification.Kind.OTHER_EVENT, Notification.parse(s3Event("ObjectRemoved:Delete", "trail", KEY)).kind);

        Notification n = Notification.parse(SqsShapes.snsSubscriptionConfirmation());
        assertEquals(Notification.Kind.SNS_CONTROL, n.kind);
        assertTrue(n.files.isEmpty());
        assertNull(n.reason);
    }

    @Test
    void anythingElseIsInvalidWithItsReason() {
        assertReason("not JSON", "{\"Records\":[");
        assertReason("not a JSON object", "[1,2]");
        assertReason("not an S3, SNS, EventBridge or CloudTrail notification", "{\"hello\":\"world\"}");
        assertReason("Records is not an array", "{\"Records\":{}}");
        assertReason("without s3.bucket.name or s3.object.key", "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}");
        assertReason("without records", "{\"Records\":[]}");
        assertReason("SNS Message is not JSON", sns("hello"));
        assertReason("SNS notification without a Message",
                "{\"Type\":\"Notification\",\"TopicArn\":\"arn:aws:sns:us-east-1:1:t\"}");
        assertReason("not an S3, SNS, EventBridge or CloudTrail notification", sns(sns(test())));
        assertReason("without s3Bucket or s3ObjectKey", "{\"s3Bucket\":\"trail\",\"s3ObjectKey\":[]}");
        assertReason("key that is not a string", "{\"s3Bucket\":\"trail\",\"s3ObjectKey\":[7]}");
        assertReason("without detail.bucket.name", "{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\"}");
    }

    private static String test() {
        return "{\"Event\":\"s3:TestEvent\"}";
    }

    private static void assertReason(String expected, String body) {
        Notification n = Notification.parse(body);
        assertEquals(Notification.Kind.INVALID, n.kind, body);
        assertTrue(n.reason.contains(expected), n.reason);
    }

    @Test
    void onlyObjectsUnderASourcePathAreReadInThatPathsScheme() {
        SqsSettings s = new SqsSettings("http://127.0.0.1:9324/000000000000/q", null, "us-east-1", Duration.ofMinutes(5),
                List.of("s3://trail/AWSLogs/111122223333", "s3a://org-trail"), true);
        assertEquals("s3://trail/" + KEY, s.path("trail", KEY.replace("111122223333_", "111122223333_")).toString());
        assertNull(s.path("trail", "AWSLogs/1111222233334/CloudTrail/x.json.gz"), "a folder, not a name prefix");
        assertNull(s.path("other", KEY));
        assertEquals("s3a://org-trail/AWSLogs/o-1/a b:c.json", s.path("org-trail", "AWSLogs/o-1/a b:c.json").toString());
    }
}
