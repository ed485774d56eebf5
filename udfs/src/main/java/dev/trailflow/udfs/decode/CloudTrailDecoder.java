package dev.trailflow.udfs.decode;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailflow.udfs.flatten.CloudTrailRecord;
import dev.trailflow.udfs.flatten.EventFlattener;
import dev.trailflow.udfs.json.Json;
import java.io.CharConversionException;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.zip.ZipException;

/**
 * Decodes one payload — a whole S3 object or one Kinesis record — into events, dead letters and
 * skips, one at a time (SPEC §3). It streams: a {@code Records} file is never held whole, only the
 * event being decoded; other top-level objects (envelopes, bare events) are small and read as trees.
 *
 * <p>Bad data never throws: it becomes a dead letter. After a JSON syntax or gzip error the parser
 * cannot find its footing again, so the values before it are kept and everything after the last value
 * decoded (from the broken value's start, or the bytes right after a good value when the error lies
 * between values) to the end of the payload becomes one dead letter holding its first 32 KB. An
 * {@link IOException} from {@link #next()} is a real I/O failure of the underlying stream (which a
 * Flink source should retry), never bad data.
 */
public final class CloudTrailDecoder implements Closeable {

    private final InputStream raw;
    private final String source;
    private final EventFlattener flattener;
    private final ArrayDeque<Decoded> pending = new ArrayDeque<>();

    private KeptBytes cap;
    private JsonParser p;
    private boolean gzipped;
    private boolean started;
    private boolean done;

    private long values;
    private boolean inTopArray;
    private long topArrayElements;
    private boolean inRecords;
    private long recordIndex;

    private CloudTrailDecoder(InputStream raw, String source, EventFlattener flattener) {
        this.raw = raw;
        this.source = source;
        this.flattener = flattener;
    }

    /** @param source how dead letters name this payload: an S3 URI, a path, a stream/shard/sequence. */
    public static CloudTrailDecoder open(InputStream in, String source) {
        return new CloudTrailDecoder(in, source, new EventFlattener());
    }

    /** Shares {@code flattener} (and its buffers) between the payloads of one task. */
    public static CloudTrailDecoder open(InputStream in, String source, EventFlattener flattener) {
        return new CloudTrailDecoder(in, source, flattener);
    }

    /** The next outcome, or null when the payload is exhausted. */
    public Decoded next() throws IOException {
        while (true) {
            if (!pending.isEmpty()) {
                return pending.poll();
            }
            if (done) {
                return null;
            }
            try {
                Decoded d = step();
                if (d != null) {
                    return d;
                }
            } catch (JsonProcessingException | ZipException | EOFException | CharConversionException e) {
                done = true;
                return failure(e);
            }
        }
    }

    private Decoded step() throws IOException {
        if (!started) {
            started = true;
            int[] layers = new int[1];
            InputStream decompressed = Payloads.decompress(raw, layers);
            gzipped = layers[0] > 0;
            cap = new KeptBytes(decompressed);
            p = Json.FACTORY.createParser(cap);
            cap.mark(0);
        }
        if (inRecords) {
            return stepRecords();
        }
        JsonToken t = p.nextToken();
        if (t == null) {
            done = true;
            return values == 0 ? Decoded.skip(SkipKind.EMPTY) : null;
        }
        if (inTopArray && t == JsonToken.END_ARRAY) {
            inTopArray = false;
            markAfter();
            return topArrayElements == 0 ? Decoded.skip(SkipKind.EMPTY) : null;
        }
        values++;
        if (!inTopArray && t == JsonToken.START_ARRAY) {
            inTopArray = true;
            topArrayElements = 0;
            markAfter();
            return null;
        }
        if (inTopArray) {
            topArrayElements++;
        }
        long start = markToken();
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            Decoded d = deadBytes(Reason.NOT_AN_OBJECT, "a JSON " + describe(t) + " is no CloudTrail shape",
                    position(start), start);
            markAfter();
            return d;
        }
        return object(start);
    }

    private Decoded object(long start) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_OBJECT) {
            Decoded d = deadBytes(Reason.NOT_CLOUDTRAIL, "an empty object", position(start), start);
            markAfter();
            return d;
        }
        String first = p.currentName();
        if ("Records".equals(first)) {
            return beginRecords(start);
        }
        if ("eventVersion".equals(first)) {
            // CloudTrail writes eventVersion first and no envelope starts with it: stream the event.
            return event(start, -1);
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("Records".equals(name) && v == JsonToken.START_ARRAY) {
                inRecords = true;
                recordIndex = 0;
                return null;
            }
            node.set(name, Json.MAPPER.readTree(p));
        }
        Decoded d = classify(node, start);
        markAfter();
        return d;
    }

    private Decoded beginRecords(long start) throws IOException {
        JsonToken v = p.nextToken();
        if (v != JsonToken.START_ARRAY) {
            p.skipChildren();
            skipRestOfObject();
            Decoded d = deadBytes(Reason.NOT_CLOUDTRAIL, "Records is a " + describe(v) + ", not an array",
                    position(start), start);
            markAfter();
            return d;
        }
        inRecords = true;
        recordIndex = 0;
        return null;
    }

    private Decoded stepRecords() throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_ARRAY) {
            inRecords = false;
            skipRestOfObject();
            markAfter();
            return recordIndex == 0 ? Decoded.skip(SkipKind.EMPTY) : null;
        }
        long index = recordIndex++;
        long start = markToken();
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            Decoded d = deadBytes(Reason.NOT_AN_OBJECT, "a Records element is a " + describe(t),
                    recordPosition(start, index), start);
            markAfter();
            return d;
        }
        return event(start, index);
    }

    private String recordPosition(long start, long index) {
        return index < 0 ? position(start) : position(start) + ", Records[" + index + "]";
    }

    /** @param index the element's index in Records, or -1 for a top-level event */
    private Decoded event(long start, long index) throws IOException {
        // Byte offsets exist for UTF-8 input (nearly all): splice the document from the input's bytes.
        CloudTrailRecord r = start >= 0 ? flattener.flatten(p, cap, start) : flattener.flatten(p);
        Decoded d = r != null ? Decoded.of(r)
                : deadBytes(flattener.rejectReason(), flattener.rejectMessage(), recordPosition(start, index), start);
        // A syntax error further on dead-letters the rest from here, not this value a second time.
        markAfter();
        return d;
    }

    private Decoded classify(ObjectNode node, long start) throws IOException {
        String position = position(start);
        if (node.has("Records")) {
            return deadBytes(Reason.NOT_CLOUDTRAIL, "Records is not an array", position, start);
        }
        if (node.has("messageType") && node.has("logEvents")) {
            return cloudWatchLogs(node, position, start);
        }
        if (node.has("detail-type") && node.has("detail")) {
            JsonNode detail = node.get("detail");
            // detail-type "AWS Insight via CloudTrail" carries an Insights event, without eventSource/eventName.
            if (detail.isObject() && detail.hasNonNull("eventVersion") && (detail.path("eventSource").isTextual()
                    && detail.path("eventName").isTextual()
                    || EventFlattener.INSIGHT_EVENT_TYPE.equals(detail.path("eventType").textValue()))) {
                return fromTree(detail, position + ", detail", start);
            }
            return deadBytes(Reason.EVENTBRIDGE_NOT_CLOUDTRAIL,
                    "EventBridge event of detail-type " + node.get("detail-type") + " is not a CloudTrail event",
                    position, start);
        }
        if (node.has("digestStartTime") && node.has("logFiles")) {
            return Decoded.skip(SkipKind.DIGEST);
        }
        return fromTree(node, position, start);
    }

    private Decoded fromTree(JsonNode node, String position, long start) throws IOException {
        try (JsonParser tp = node.traverse(Json.MAPPER)) {
            tp.nextToken();
            CloudTrailRecord r = flattener.flatten(tp);
            if (r != null) {
                return Decoded.of(r);
            }
        }
        return deadBytes(flattener.rejectReason(), flattener.rejectMessage(), position, start);
    }

    private Decoded cloudWatchLogs(ObjectNode node, String position, long start) {
        JsonNode type = node.get("messageType");
        JsonNode logEvents = node.get("logEvents");
        if ("CONTROL_MESSAGE".equals(type.textValue())) {
            return Decoded.skip(SkipKind.CONTROL_MESSAGE);
        }
        if (!"DATA_MESSAGE".equals(type.textValue()) || !logEvents.isArray()) {
            return deadBytes(Reason.CWL_MALFORMED,
                    "CloudWatch Logs envelope of messageType " + type + " with logEvents of type "
                            + logEvents.getNodeType(),
                    position, start);
        }
        if (logEvents.isEmpty()) {
            return Decoded.skip(SkipKind.EMPTY);
        }
        for (int i = 0; i < logEvents.size(); i++) {
            JsonNode logEvent = logEvents.get(i);
            JsonNode id = logEvent.get("id");
            String where = position + ", logEvents[" + i + "]" + (id == null ? "" : " id " + id.asText());
            JsonNode message = logEvent.get("message");
            if (message == null || !message.isTextual()) {
                pending.add(Decoded.deadLetter(DeadLetter.ofText(Reason.CWL_BAD_MESSAGE,
                        "log event without a message string", source, where, logEvent.toString())));
                continue;
            }
            pending.add(logMessage(message.textValue(), where));
        }
        return null;
    }

    private Decoded logMessage(String text, String where) {
        try (JsonParser mp = Json.FACTORY.createParser(text)) {
            JsonToken t = mp.nextToken();
            if (t == null) {
                return deadText(Reason.CWL_BAD_MESSAGE, "empty message", where, text);
            }
            if (t != JsonToken.START_OBJECT) {
                mp.skipChildren();
                return deadText(Reason.NOT_AN_OBJECT, "message is a JSON " + describe(t), where, text);
            }
            CloudTrailRecord r = flattener.flatten(mp);
            if (mp.nextToken() != null) {
                return deadText(Reason.CWL_BAD_MESSAGE, "message holds more than one JSON value", where, text);
            }
            if (r != null) {
                return Decoded.of(r);
            }
            return deadText(flattener.rejectReason(), flattener.rejectMessage(), where, text);
        } catch (IOException e) {
            flattener.reset();
            return deadText(Reason.CWL_BAD_MESSAGE, "message is not JSON: " + errorMessage(e), where, text);
        }
    }

    private Decoded failure(IOException e) {
        flattener.reset();
        Reason reason = reasonOf(e);
        if (cap == null) {
            return Decoded.deadLetter(DeadLetter.ofText(reason, errorMessage(e), source, "byte 0 (compressed)", ""));
        }
        long start = cap.markOffset();
        boolean more = cap.fillMarked(DeadLetter.MAX_PAYLOAD_BYTES);
        byte[] payload = cap.marked(Long.MAX_VALUE, DeadLetter.MAX_PAYLOAD_BYTES);
        String message = errorMessage(e) + "; nothing after this point of the payload is decoded";
        String where = start >= 0 ? position(start) : "unknown offset";
        return Decoded.deadLetter(new DeadLetter(reason, message, source, where,
                payload == null ? new byte[0] : payload, payload == null ? 0 : payload.length, more));
    }

    private Reason reasonOf(IOException e) {
        if (e instanceof StreamConstraintsException && String.valueOf(e.getMessage()).contains("depth")) {
            return Reason.JSON_TOO_DEEP;
        }
        if (e instanceof CharConversionException || String.valueOf(e.getMessage()).contains("UTF-8")) {
            return Reason.JSON_ENCODING;
        }
        if (e instanceof JsonProcessingException) {
            return Reason.JSON_SYNTAX;
        }
        if (e instanceof EOFException) {
            return Reason.GZIP_TRUNCATED;
        }
        return Reason.GZIP_CORRUPT;
    }

    private static String errorMessage(IOException e) {
        if (e instanceof JsonProcessingException) {
            JsonProcessingException j = (JsonProcessingException) e;
            JsonLocation at = j.getLocation();
            String where = at == null ? "" : at.getByteOffset() >= 0
                    ? " at byte " + at.getByteOffset() : " at char " + at.getCharOffset();
            return oneLine(j.getOriginalMessage()) + where;
        }
        if (e instanceof EOFException) {
            return "gzip data ends early: " + e.getMessage();
        }
        if (e instanceof ZipException) {
            return "gzip data is corrupt: " + e.getMessage();
        }
        return oneLine(e.getMessage());
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replace('\n', ' ').replace('\r', ' ');
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private Decoded deadBytes(Reason reason, String message, String position, long start) {
        byte[] payload = cap.marked(p.currentLocation().getByteOffset(), DeadLetter.MAX_PAYLOAD_BYTES);
        if (payload == null) {
            payload = new byte[0];
        }
        long end = p.currentLocation().getByteOffset();
        boolean truncated = start >= 0 && end - start > payload.length;
        return Decoded.deadLetter(new DeadLetter(reason, message, source, position, payload, payload.length, truncated));
    }

    private Decoded deadText(Reason reason, String message, String position, String text) {
        return Decoded.deadLetter(DeadLetter.ofText(reason, message, source, position, text));
    }

    private long markToken() {
        long offset = p.currentTokenLocation().getByteOffset();
        cap.mark(offset);
        return offset;
    }

    private void markAfter() {
        cap.mark(p.currentLocation().getByteOffset());
    }

    private void skipRestOfObject() throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            p.nextToken();
            p.skipChildren();
        }
    }

    private String position(long start) {
        if (start < 0) {
            return "char " + p.currentTokenLocation().getCharOffset();
        }
        return (gzipped ? "decompressed byte " : "byte ") + start;
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        switch (t) {
            case START_ARRAY:
                return "array";
            case START_OBJECT:
                return "object";
            case VALUE_STRING:
                return "string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "boolean";
            case VALUE_NULL:
                return "null";
            default:
                return t.name();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (p != null) {
                p.close();
            }
        } finally {
            raw.close();
        }
    }
}
