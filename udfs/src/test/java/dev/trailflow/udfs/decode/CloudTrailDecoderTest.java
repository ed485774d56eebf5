package dev.trailflow.udfs.decode;

import static dev.trailflow.udfs.decode.Samples.concat;
import static dev.trailflow.udfs.decode.Samples.decode;
import static dev.trailflow.udfs.decode.Samples.event;
import static dev.trailflow.udfs.decode.Samples.gzip;
import static dev.trailflow.udfs.decode.Samples.summary;
import static dev.trailflow.udfs.decode.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FilterInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CloudTrailDecoderTest {

    private static List<String> ids(List<Decoded> all) {
        return all.stream().filter(d -> d.kind() == Decoded.Kind.EVENT).map(d -> d.record().documentId)
                .collect(Collectors.toList());
    }

    private static DeadLetter onlyDeadLetter(List<Decoded> all) {
        List<DeadLetter> dls = all.stream().filter(d -> d.kind() == Decoded.Kind.DEAD_LETTER)
                .map(Decoded::deadLetter).collect(Collectors.toList());
        assertEquals(1, dls.size(), "dead letters: " + dls);
        return dls.get(0);
    }

    // ---- shapes ----

    @Test
    void recordsFileYieldsEachEventInOrder() {
        List<Decoded> all = decode("{\"Records\":[" + event("a") + "," + event("b") + "," + event("c") + "]}");
        assertEquals(Arrays.asList("a", "b", "c"), ids(all));
        assertEquals("3 | - | -", summary(all));
    }

    @Test
    void recordsKeyAfterOtherKeysStillStreams() {
        assertEquals(Arrays.asList("a", "b"),
                ids(decode("{\"trail\":\"x\",\"Records\":[" + event("a") + "," + event("b") + "],\"tail\":1}")));
    }

    @Test
    void ndjsonConcatenatedAndTopLevelArrayAllYieldEvents() {
        assertEquals(Arrays.asList("a", "b"), ids(decode(event("a") + "\n" + event("b") + "\n")));
        assertEquals(Arrays.asList("a", "b"), ids(decode(event("a") + event("b"))));
        assertEquals(Arrays.asList("a", "b"), ids(decode("[" + event("a") + "," + event("b") + "]")));
        assertEquals(Arrays.asList("a", "b", "c"),
                ids(decode("[{\"Records\":[" + event("a") + "]}, " + event("b") + "]\n" + event("c"))));
    }

    @Test
    void gzipIsFoundByMagicBytesIncludingMembersInARowAndGzipInsideGzip() {
        byte[] a = utf8(event("a") + "\n");
        byte[] b = utf8(event("b") + "\n");
        assertEquals(Arrays.asList("a"), ids(decode(gzip(a))));
        assertEquals(Arrays.asList("a", "b"), ids(decode(concat(gzip(a), gzip(b)))));
        assertEquals(Arrays.asList("a", "b"), ids(decode(gzip(concat(gzip(a), gzip(b))))));
        assertEquals(Arrays.asList("a", "b"), ids(decode(concat(gzip(gzip(a)), gzip(gzip(b))))));
    }

    @Test
    void laterGzipMembersAreReadEvenWhenTheStreamReportsNothingAvailable() throws IOException {
        byte[] payload = concat(gzip(utf8(event("a"))), gzip(utf8(event("b"))), gzip(utf8(event("c"))));
        // Network streams report available() == 0; GZIPInputStream then used to stop after one member.
        InputStream dry = new FilterInputStream(new ByteArrayInputStream(payload)) {
            @Override
            public int available() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        List<Decoded> all = new java.util.ArrayList<>();
        try (CloudTrailDecoder d = CloudTrailDecoder.open(dry, "dry")) {
            for (Decoded x = d.next(); x != null; x = d.next()) {
                all.add(x);
            }
        }
        assertEquals(Arrays.asList("a", "b", "c"), ids(all), all.toString());
    }

    @Test
    void cloudWatchLogsDataMessageYieldsEachMessageAndControlMessagesAreSkipped() {
        ObjectNode env = JsonNodeFactory.instance.objectNode();
        env.put("messageType", "DATA_MESSAGE").put("owner", "111122223333").put("logGroup", "aws-cloudtrail-logs");
        env.putArray("subscriptionFilters").add("f");
        env.putArray("logEvents")
                .add(JsonNodeFactory.instance.objectNode().put("id", "1").put("message", event("a")))
                .add(JsonNodeFactory.instance.objectNode().put("id", "2").put("message", event("b")))
                .add(JsonNodeFactory.instance.objectNode().put("id", "3").put("message", "{\"eventVersion\":\"1.0"))
                .add(JsonNodeFactory.instance.objectNode().put("id", "4"));
        List<Decoded> all = decode(gzip(utf8(env.toString())));
        assertEquals(Arrays.asList("a", "b"), ids(all));
        assertEquals("2 | cwl_bad_message=2 | -", summary(all));
        assertTrue(all.get(2).deadLetter().position.contains("logEvents[2] id 3"), all.get(2).deadLetter().position);
        assertEquals("{\"eventVersion\":\"1.0", all.get(2).deadLetter().payload);

        String control = "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logEvents\":"
                + "[{\"id\":\"\",\"timestamp\":1,\"message\":\"CWL CONTROL MESSAGE: Checking health\"}]}";
        assertEquals("0 | - | control_message=1", summary(decode(gzip(utf8(control)))));
        assertEquals("0 | cwl_malformed=1 | -",
                summary(decode("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":\"nope\"}")));
    }

    @Test
    void eventBridgeDetailIsTheEventAndOtherDetailTypesAreDeadLetters() {
        String ct = "{\"version\":\"0\",\"id\":\"x\",\"detail-type\":\"AWS API Call via CloudTrail\","
                + "\"source\":\"aws.s3\",\"detail\":" + event("a") + "}";
        String ec2 = "{\"version\":\"0\",\"detail-type\":\"EC2 Instance State-change Notification\","
                + "\"source\":\"aws.ec2\",\"detail\":{\"instance-id\":\"i-1\",\"state\":\"running\"}}";
        List<Decoded> all = decode(ct + "\n" + ec2 + "\n" + gzip(utf8(ct)).length);
        assertEquals(Arrays.asList("a"), ids(all));
        assertEquals(Reason.EVENTBRIDGE_NOT_CLOUDTRAIL.code(), all.get(1).deadLetter().reason);
        assertEquals(ec2, all.get(1).deadLetter().payload, "the dead letter holds the original text");
        assertEquals(Reason.NOT_AN_OBJECT.code(), all.get(2).deadLetter().reason);
        assertEquals(Arrays.asList("a"), ids(decode(gzip(utf8(ct)))));
    }

    @Test
    void digestFilesAreSkippedNotDeadLetters() {
        String digest = "{\"awsAccountId\":\"111122223333\",\"digestStartTime\":\"2024-09-27T20:00:00Z\","
                + "\"digestEndTime\":\"2024-09-27T21:00:00Z\",\"logFiles\":[]}";
        assertEquals("0 | - | digest=1", summary(decode(gzip(utf8(digest)))));
    }

    // ---- bad input ----

    @Test
    void emptyPayloadsAndEmptyRecordsAreCountedSkips() {
        assertEquals("0 | - | empty=1", summary(decode(new byte[0])));
        assertEquals("0 | - | empty=1", summary(decode(" \n\t ")));
        assertEquals("0 | - | empty=1", summary(decode(gzip(new byte[0]))));
        assertEquals("0 | - | empty=1", summary(decode("{\"Records\": []}")));
        assertEquals("0 | - | empty=1", summary(decode("[]")));
    }

    @Test
    void truncatedGzipKeepsWhatCameBeforeAndDeadLettersTheRest() {
        StringBuilder s = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < 2000; i++) {
            s.append(i == 0 ? "" : ",").append(event("e" + i));
        }
        byte[] whole = gzip(utf8(s.append("]}").toString()));
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        List<Decoded> all = decode(cut);
        DeadLetter dl = onlyDeadLetter(all);
        assertEquals(Reason.GZIP_TRUNCATED.code(), dl.reason);
        long events = all.stream().filter(d -> d.kind() == Decoded.Kind.EVENT).count();
        assertTrue(events > 100 && events < 2000, "events before the cut are kept: " + events);
        assertTrue(dl.position.startsWith("decompressed byte "), dl.position);
        assertTrue(dl.payload.startsWith("{\"eventVersion\""), "payload starts at the broken event: " + dl.payload);
    }

    @Test
    void corruptGzipIsADeadLetter() {
        byte[] good = gzip(utf8(event("a")));
        byte[] badHeader = good.clone();
        badHeader[2] = 99; // compression method must be 8
        assertEquals(Reason.GZIP_CORRUPT.code(), onlyDeadLetter(decode(badHeader)).reason);
        byte[] badBody = good.clone();
        for (int i = 12; i < badBody.length - 8; i++) {
            badBody[i] ^= 0x5a;
        }
        assertEquals(Reason.GZIP_CORRUPT.code(), onlyDeadLetter(decode(badBody)).reason);
    }

    @Test
    void invalidJsonInTheMiddleKeepsTheValuesBeforeItAndOneDeadLetterHoldsTheRest() {
        String broken = "{\"eventVersion\":\"1.08\",\"eventTime\": nope }";
        List<Decoded> all = decode(event("a") + "\n" + event("b") + "\n" + broken + "\n" + event("c") + "\n");
        assertEquals(Arrays.asList("a", "b"), ids(all));
        DeadLetter dl = onlyDeadLetter(all);
        assertEquals(Reason.JSON_SYNTAX.code(), dl.reason);
        assertTrue(dl.payload.startsWith(broken), dl.payload);
        assertTrue(dl.payload.contains("\"eventID\":\"c\""), "the rest of the payload is in the dead letter");
        assertTrue(dl.message.contains("nothing after this point"), dl.message);

        List<Decoded> inRecords = decode("{\"Records\":[" + event("a") + ",{\"eventVersion\":]}" );
        assertEquals(Arrays.asList("a"), ids(inRecords));
        assertEquals(Reason.JSON_SYNTAX.code(), onlyDeadLetter(inRecords).reason);
    }

    @Test
    void nonUtf8BytesAreAnEncodingDeadLetter() {
        byte[] latin1 = concat(utf8(event("a") + "\n{\"eventVersion\":\"1.08\",\"x\":\"caf"), new byte[] {(byte) 0xe9},
                utf8("\"}\n"));
        List<Decoded> all = decode(latin1);
        assertEquals(Arrays.asList("a"), ids(all));
        assertEquals(Reason.JSON_ENCODING.code(), onlyDeadLetter(all).reason);
    }

    @Test
    void jsonNestedTenThousandDeepIsADeadLetterNotAStackOverflow() {
        StringBuilder deep = new StringBuilder(event("a")).append("\n{\"eventVersion\":\"1.08\",\"requestParameters\":");
        for (int i = 0; i < 10_000; i++) {
            deep.append("{\"a\":");
        }
        deep.append("1");
        for (int i = 0; i < 10_000; i++) {
            deep.append('}');
        }
        deep.append("}\n");
        List<Decoded> all = decode(deep.toString());
        assertEquals(Arrays.asList("a"), ids(all));
        assertEquals(Reason.JSON_TOO_DEEP.code(), onlyDeadLetter(all).reason);
        // The same depth arriving as an envelope (read as a tree) is caught alike.
        assertEquals(Reason.JSON_TOO_DEEP.code(),
                onlyDeadLetter(decode("{\"detail-type\":\"x\",\"detail\":" + deep.substring(deep.indexOf("\n") + 1)))
                        .reason);
    }

    @Test
    void aThreeHundredKilobyteEventIsDecodedWholeAndItsDeadLetterIsCutAt32Kb() {
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 300_000; i++) {
            big.append(i == 0 ? "" : ",").append("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/")
                    .append(i).append("\"}");
        }
        String ok = event("big").replace("{\"bucketName\":\"b\",\"key\":\"k\"}", "{\"policy\":[" + big + "]}");
        List<Decoded> all = decode("{\"Records\":[" + ok + "," + ok.replace("\"eventTime\"", "\"eventTimeX\"") + "]}");
        assertEquals(Arrays.asList("big"), ids(all));
        assertTrue(all.get(0).record().document.length > 300_000);
        DeadLetter dl = onlyDeadLetter(all);
        assertEquals(Reason.MISSING_EVENT_TIME.code(), dl.reason);
        assertTrue(dl.payloadTruncated);
        assertEquals(DeadLetter.MAX_PAYLOAD_BYTES, utf8(dl.payload).length);
        assertTrue(dl.payload.startsWith("{\"eventVersion\":\"1.08\""), "cut from the start of the event");
    }

    @Test
    void notificationLookAlikesAreNotCloudTrail() {
        String s3 = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventTime\":\"2024-09-27T20:07:35.000Z\",\"eventName\":\"ObjectCreated:Put\","
                + "\"userIdentity\":{\"principalId\":\"AWS:AIDA\"},\"s3\":{\"bucket\":{\"name\":\"b\"}}}]}";
        String sns = "{\"Records\":[{\"EventSource\":\"aws:sns\",\"EventVersion\":\"1.0\",\"Sns\":{\"Message\":\"hi\"}}]}";
        String sqsBody = "{\"Type\":\"Notification\",\"MessageId\":\"m\",\"Message\":\"{\\\"s3Bucket\\\":\\\"b\\\"}\"}";
        DeadLetter dl = onlyDeadLetter(decode(s3));
        assertEquals(Reason.NOT_CLOUDTRAIL.code(), dl.reason);
        assertTrue(dl.message.contains("aws:s3"), dl.message);
        assertTrue(dl.payload.contains("\"userIdentity\":{\"principalId\":\"AWS:AIDA\"}"),
                "the dead letter keeps the original, not the flattened, text: " + dl.payload);
        assertEquals(Reason.NOT_CLOUDTRAIL.code(), onlyDeadLetter(decode(sns)).reason);
        assertEquals(Reason.NOT_CLOUDTRAIL.code(), onlyDeadLetter(decode(sqsBody)).reason);
    }

    @Test
    void eventTimeMissingOrUnparseableIsADeadLetter() {
        String noTime = event("a").replace("\"eventTime\":\"2024-09-27T20:07:35Z\",", "");
        assertEquals(Reason.MISSING_EVENT_TIME.code(), onlyDeadLetter(decode(noTime)).reason);
        assertEquals(Reason.MISSING_EVENT_TIME.code(),
                onlyDeadLetter(decode(event("a", "X").replace("\"X\"", "null"))).reason);
        assertEquals(Reason.BAD_EVENT_TIME.code(), onlyDeadLetter(decode(event("a", "ThisIsAWrongEventTime"))).reason);
        assertEquals(Reason.BAD_EVENT_TIME.code(), onlyDeadLetter(decode(event("a", "2024-02-30T00:00:00Z"))).reason);
        assertEquals(Reason.BAD_EVENT_TIME.code(),
                onlyDeadLetter(decode(event("a", "X").replace("\"X\"", "1727467655"))).reason);
    }

    @Test
    void scalarsWhereObjectsBelongAreDeadLetters() {
        List<Decoded> all = decode("42 \"text\" true null [1] " + event("a"));
        assertEquals(Arrays.asList("a"), ids(all));
        assertEquals("1 | not_an_object=5 | -", summary(all));
        assertEquals("0 | not_an_object=1 | -", summary(decode("{\"Records\":[\"oops\"]}")));
        assertEquals("0 | not_cloudtrail=1 | -", summary(decode("{\"Records\":{\"a\":1}}")));
        assertEquals("0 | not_cloudtrail=1 | -", summary(decode("{}")));
    }

    @Test
    void deadLettersNameTheirSourceAndPosition() {
        String payload = event("a") + "\n" + event("b", "bad") + "\n";
        DeadLetter dl = onlyDeadLetter(decode(payload));
        assertEquals("test://payload", dl.source);
        assertEquals("byte " + (event("a").length() + 1), dl.position);
        assertEquals(event("b", "bad"), dl.payload);
        assertFalse(dl.payloadTruncated);
    }

    @Test
    void kinesisStyleBase64IsNotSilentlyAccepted() {
        // A payload still base64-encoded is not JSON: it must surface as a dead letter, not vanish.
        String b64 = Base64.getEncoder().encodeToString(gzip(utf8(event("a"))));
        assertEquals("0 | json_syntax=1 | -", summary(decode(b64)));
    }
}
