package dev.trailflow.udfs.decode;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trailflow.udfs.flatten.EventTime;
import dev.trailflow.udfs.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * An input that could not become a raw record, with enough to find and replay it. A Flink POJO.
 */
public class DeadLetter {

    /** Payloads are cut here so one huge bad object cannot bloat the dead-letter index. */
    public static final int MAX_PAYLOAD_BYTES = 32 * 1024;

    /** {@link Reason#code()}. */
    public String reason;
    public String message;
    /** Where the input came from: an S3 URI, a file path, or stream/shard/sequence number. */
    public String source;
    /** Where inside the source: e.g. {@code byte 1234}, {@code byte 0, logEvents[3]}. */
    public String position;
    /** The offending input as text, at most {@link #MAX_PAYLOAD_BYTES} of UTF-8. */
    public String payload;
    public boolean payloadTruncated;

    public DeadLetter() {}

    public DeadLetter(Reason reason, String message, String source, String position, byte[] payload, int length,
            boolean truncated) {
        this.reason = reason.code();
        this.message = message;
        this.source = source;
        this.position = position;
        int n = Math.min(length, MAX_PAYLOAD_BYTES);
        this.payload = new String(payload, 0, n, StandardCharsets.UTF_8);
        this.payloadTruncated = truncated || length > MAX_PAYLOAD_BYTES;
    }

    public static DeadLetter ofText(Reason reason, String message, String source, String position, String text) {
        byte[] utf8 = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        return new DeadLetter(reason, message, source, position, utf8, utf8.length, false);
    }

    /** The dead-letter document (SPEC §4); {@code rejectedAtMillis} becomes its {@code @timestamp}. */
    public byte[] toJson(long rejectedAtMillis) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (payload == null ? 0 : payload.length()));
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("@timestamp", EventTime.formatIsoMillis(rejectedAtMillis));
            g.writeObjectFieldStart("reason");
            g.writeStringField("code", reason);
            g.writeStringField("message", message);
            g.writeEndObject();
            g.writeObjectFieldStart("source");
            g.writeStringField("uri", source);
            g.writeStringField("position", position);
            g.writeEndObject();
            g.writeStringField("payload", payload);
            g.writeBooleanField("payload_truncated", payloadTruncated);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "DeadLetter{" + reason + ": " + message + " at " + source + " " + position + "}";
    }
}
