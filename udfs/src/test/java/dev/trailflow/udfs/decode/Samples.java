package dev.trailflow.udfs.decode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Small inputs built in code, and a helper that decodes a payload completely. */
final class Samples {

    private Samples() {}

    static String event(String id, String time) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROA:x\","
                + "\"arn\":\"arn:aws:sts::111122223333:assumed-role/Admin/x\",\"accountId\":\"111122223333\","
                + "\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROA\","
                + "\"arn\":\"arn:aws:iam::111122223333:role/Admin\",\"accountId\":\"111122223333\",\"userName\":\"Admin\"},"
                + "\"attributes\":{\"creationDate\":\"2024-09-27T20:00:00Z\",\"mfaAuthenticated\":\"false\"}}},"
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\","
                + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.7\",\"userAgent\":\"aws-cli/2\","
                + "\"requestParameters\":{\"bucketName\":\"b\",\"key\":\"k\"},\"responseElements\":null,"
                + "\"eventID\":\"" + id + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":false,"
                + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Data\"}";
    }

    static String event(String id) {
        return event(id, "2024-09-27T20:07:35Z");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    static List<Decoded> decode(byte[] payload) {
        List<Decoded> all = new ArrayList<>();
        try (CloudTrailDecoder d = CloudTrailDecoder.open(new ByteArrayInputStream(payload), "test://payload")) {
            for (Decoded x = d.next(); x != null; x = d.next()) {
                all.add(x);
            }
        } catch (IOException e) {
            throw new AssertionError("bad data must not throw", e);
        }
        return all;
    }

    static List<Decoded> decode(String payload) {
        return decode(utf8(payload));
    }

    static DecodeCounts counts(List<Decoded> all) {
        DecodeCounts c = new DecodeCounts();
        all.forEach(c::add);
        return c;
    }

    /** events | dead letters | skips, in the corpus table's form. */
    static String summary(List<Decoded> all) {
        DecodeCounts c = counts(all);
        return c.events() + " | " + DecodeCounts.format(c.deadLetters()) + " | " + DecodeCounts.format(c.skips());
    }
}
