package dev.trailflow.udfs.flatten;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trailflow.udfs.decode.KeptBytes;
import dev.trailflow.udfs.decode.Reason;
import dev.trailflow.udfs.json.ByteSink;
import dev.trailflow.udfs.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Turns one JSON object into a raw-record document in a single streaming pass (SPEC §4), or says why
 * it is not a CloudTrail event. Every key is kept in its order; {@code userIdentity} becomes dotted
 * keys; the four payload fields whose type varies from event to event are wrapped as
 * {@code {"_value": ...}} when OpenSearch's {@code flat_object} would refuse them (a string, number,
 * boolean or an array holding anything but objects); the subfields {@link PromotedFields} names are
 * copied out of the payloads, and {@code @timestamp} is appended. An Insights event
 * ({@code eventType} {@code AwsCloudTrailInsight}) needs no top-level eventSource or eventName.
 *
 * <p>Two ways to the same document. Read from bytes ({@link #flatten(JsonParser, KeptBytes, long)}),
 * the document is spliced from the event's own bytes: only {@code userIdentity} is re-encoded, the
 * rest is copied, so the cost is little more than the parse. Read from a tree or a string
 * ({@link #flatten(JsonParser)}), it is written token by token.
 *
 * <p>Not thread-safe: one per decoder. After an exception from the parser, call {@link #reset()}.
 */
public final class EventFlattener {

    public static final String TIMESTAMP = "@timestamp";
    /** Where an event's own {@code @timestamp} key goes, so the appended one never duplicates it. */
    public static final String ORIGINAL_TIMESTAMP = "original@timestamp";
    public static final String WRAPPED_VALUE = "_value";
    /** CloudTrail Insights' {@code eventType}: anomaly reports, written apart from the API calls. */
    public static final String INSIGHT_EVENT_TYPE = "AwsCloudTrailInsight";
    /**
     * Where a payload field goes when one of its strings is too long for OpenSearch to index (a term
     * of more than 32766 bytes fails the whole document): kept in the document, mapped as not indexed.
     */
    public static final String OVERFLOW = "payloadOverflow";
    /** A string longer than this (UTF-8 bytes) cannot be an indexed term, with room for its path. */
    static final int MAX_TERM_BYTES = 32_000;

    private static final byte[] WRAP_OPEN = "{\"_value\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WRAP_CLOSE = {'}'};
    private static final byte[] RENAMED_TIMESTAMP = ("\"" + ORIGINAL_TIMESTAMP + "\":").getBytes(StandardCharsets.UTF_8);

    private final ByteSink out = new ByteSink(8192);
    private JsonGenerator gen;
    private final ByteSink identityOut = new ByteSink(1024);
    private JsonGenerator identityGen;

    // Fields seen in the current event.
    private boolean hasVersion;
    private JsonToken sourceToken;
    private String eventSource;
    private JsonToken nameToken;
    private String eventName;
    private JsonToken timeToken;
    private String eventTimeText;
    private String eventId;
    private String eventType;
    private CloudTrailRecord rec;
    private final PromotedFields promoted = new PromotedFields();

    // Splices of the current event, in input order: replace [from, to) by with.
    private long[] spliceFrom = new long[8];
    private long[] spliceTo = new long[8];
    private byte[][] spliceWith = new byte[8][];
    private int splices;
    private static final int NONE = 0;
    private static final int IDENTITY = 1;
    private static final int WRAP = 2;
    private int pending = NONE;
    private long pendingFrom;
    private byte[] pendingWith;

    private Reason rejectReason;
    private String rejectMessage;

    /** False: records carry their id, time and dimensions but no document (rollups need no more). */
    private final boolean documents;

    public EventFlattener() {
        this(true);
    }

    private EventFlattener(boolean documents) {
        this.documents = documents;
        reset();
    }

    /**
     * @param documents false for runs that write no raw records: the same events, dead letters and
     *     dimensions, but {@link CloudTrailRecord#document} stays null and
     *     {@link CloudTrailRecord#documentId} is the {@code eventID} (null without one). Re-encoding
     *     {@code userIdentity} and copying the document are most of a flattener's work beyond the parse.
     */
    public static EventFlattener of(boolean documents) {
        return new EventFlattener(documents);
    }

    /** Drops a half-written document; needed after the parser threw in the middle of an event. */
    public void reset() {
        out.reset();
        identityOut.reset();
        gen = generator(out);
        identityGen = generator(identityOut);
        pending = NONE;
        splices = 0;
    }

    private static JsonGenerator generator(ByteSink sink) {
        try {
            JsonGenerator g = Json.FACTORY.createGenerator(sink);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null);
            return g;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses {@code json} (one object) and flattens it; for SQL functions and tests. */
    public CloudTrailRecord flatten(String json) throws IOException {
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                begin();
                reject(Reason.NOT_AN_OBJECT, "not a JSON object");
                return null;
            }
            return flatten(p);
        }
    }

    private void begin() {
        hasVersion = false;
        sourceToken = nameToken = timeToken = null;
        eventSource = eventName = eventTimeText = eventId = eventType = null;
        rejectReason = null;
        rejectMessage = null;
        rec = new CloudTrailRecord();
        promoted.reset();
        out.reset();
        splices = 0;
        pending = NONE;
    }

    /**
     * Reads one object from {@code p} — positioned on its START_OBJECT, or on its first FIELD_NAME
     * when the caller already peeked at it — through its END_OBJECT, writing the document token by
     * token. Returns the record, or null with {@link #rejectReason()} and {@link #rejectMessage()} set.
     */
    public CloudTrailRecord flatten(JsonParser p) throws IOException {
        begin();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            t = p.nextToken();
        }
        gen.writeStartObject();
        for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "userIdentity":
                    if (v == JsonToken.START_OBJECT) {
                        flattenIdentity(gen, p, "userIdentity");
                    } else {
                        gen.writeFieldName(name);
                        copyValue(gen, p, v);
                    }
                    break;
                case "requestParameters":
                case "responseElements":
                case "additionalEventData":
                case "serviceEventDetails":
                    writePayload(name, p, v);
                    break;
                case TIMESTAMP:
                    gen.writeFieldName(ORIGINAL_TIMESTAMP);
                    copyValue(gen, p, v);
                    break;
                default:
                    gen.writeFieldName(name);
                    if (v.isScalarValue()) {
                        writeScalar(gen, p, v);
                        captureTopLevel(name, p, v);
                    } else if (isTopLevelDimension(name)) {
                        JsonNode tree = p.readValueAsTree();
                        gen.writeTree(tree);
                        captureTopLevel(name, tree.toString());
                    } else {
                        copyValue(gen, p, v);
                    }
            }
        }
        expectEnd(t);
        CloudTrailRecord result = validate();
        if (result == null) {
            gen.writeEndObject();
            gen.flush();
            out.reset();
            return null;
        }
        promoted.write(gen);
        gen.writeStringField(TIMESTAMP, EventTime.formatIsoMillis(result.eventTime));
        gen.writeEndObject();
        gen.flush();
        return finish(result);
    }

    /**
     * The same from bytes: {@code p} reads {@code bytes}, and the object starts at stream offset
     * {@code start} (its START_OBJECT, which {@code bytes} is marked at). Same positioning as
     * {@link #flatten(JsonParser)}.
     */
    public CloudTrailRecord flatten(JsonParser p, KeptBytes bytes, long start) throws IOException {
        begin();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            t = p.nextToken();
        }
        for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            // Token locations cost an allocation each: only the fields that get spliced need theirs.
            long nameStart = -1;
            if (documents && (pending != NONE || isSpliced(name))) {
                nameStart = p.currentTokenLocation().getByteOffset();
                resolvePending(bytes, nameStart, true);
            }
            JsonToken v = p.nextToken();
            switch (documents ? name : dimensionsOnly(name)) {
                case "userIdentity":
                    if (!documents && v == JsonToken.START_OBJECT) {
                        flattenIdentity(null, p, "userIdentity");
                    } else if (v == JsonToken.START_OBJECT) {
                        identityOut.reset();
                        identityGen.writeStartObject();
                        flattenIdentity(identityGen, p, "userIdentity");
                        identityGen.writeEndObject();
                        identityGen.flush();
                        byte[] obj = identityOut.toByteArray();
                        pending = IDENTITY;
                        pendingFrom = nameStart;
                        pendingWith = Arrays.copyOfRange(obj, 1, obj.length - 1);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "requestParameters":
                case "responseElements":
                case "additionalEventData":
                case "serviceEventDetails":
                    splicePayload(name, p, v, bytes, nameStart);
                    break;
                case TIMESTAMP:
                    long valueStart = p.currentTokenLocation().getByteOffset();
                    addSplice(nameStart, valueStart, RENAMED_TIMESTAMP);
                    p.skipChildren();
                    break;
                default:
                    if (v.isScalarValue()) {
                        captureTopLevel(name, p, v);
                    } else if (isTopLevelDimension(name)) {
                        captureTopLevel(name, p.readValueAsTree().toString());
                    } else {
                        p.skipChildren();
                    }
            }
        }
        expectEnd(t);
        long end = p.currentTokenLocation().getByteOffset();
        resolvePending(bytes, end, false);
        CloudTrailRecord result = validate();
        if (result == null) {
            return null;
        }
        // Checked without documents too, so that an input ends in the same place whether or not raw
        // records are written.
        if (!bytes.holds(start, end + 1)) {
            return reject(Reason.EVENT_TOO_LARGE, "an event of more than " + (KeptBytes.MAX_KEPT >> 20) + " MB");
        }
        if (!documents) {
            return finish(result);
        }
        long pos = start;
        for (int i = 0; i < splices; i++) {
            bytes.copyOneLineTo(pos, spliceFrom[i], out);
            out.write(spliceWith[i], 0, spliceWith[i].length);
            pos = spliceTo[i];
        }
        bytes.copyOneLineTo(pos, end, out);
        writePromoted();
        byte[] tail = (",\"" + TIMESTAMP + "\":\"" + EventTime.formatIsoMillis(result.eventTime) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        out.write(tail, 0, tail.length);
        return finish(result);
    }

    /**
     * A payload field, from bytes: kept as it is when flat_object takes it, wrapped when it does not,
     * renamed into {@link #OVERFLOW} when a string in it is too long to index.
     */
    private void splicePayload(String name, JsonParser p, JsonToken v, KeptBytes bytes, long nameStart)
            throws IOException {
        long valueStart = p.currentTokenLocation().getByteOffset();
        boolean wrap;
        boolean tooLong;
        if (v == JsonToken.VALUE_STRING) {
            wrap = true;
            tooLong = p.getTextLength() > MAX_TERM_BYTES / 4 && utf8Length(p) > MAX_TERM_BYTES;
        } else if (v.isScalarValue()) {
            wrap = v != JsonToken.VALUE_NULL;
            tooLong = false;
        } else {
            boolean allObjects = true;
            if (v == JsonToken.START_ARRAY) {
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    allObjects &= e == JsonToken.START_OBJECT;
                    skipOrPromote(name, p, e);
                }
            } else {
                skipOrPromote(name, p, v);
            }
            wrap = !allObjects;
            long valueEnd = p.currentLocation().getByteOffset();
            // Only a value this long can hold a string too long to index: look inside only then.
            tooLong = valueEnd - valueStart > MAX_TERM_BYTES && hasLongString(bytes, valueStart, valueEnd);
        }
        if (tooLong) {
            addSplice(nameStart, valueStart,
                    ("\"" + OVERFLOW + "." + name + "\":").getBytes(StandardCharsets.UTF_8));
        } else if (wrap) {
            splice(valueStart, WRAP_OPEN);
            pending = WRAP;
        }
    }

    /** Past a payload's value; noting on the way the subfields copied out of it ({@link PromotedFields}). */
    private void skipOrPromote(String payload, JsonParser p, JsonToken v) throws IOException {
        if (PromotedFields.promotes(payload)) {
            promoted.collect(payload, p, v);
        } else {
            p.skipChildren();
        }
    }

    /** The copies, spliced in before {@code @timestamp}: {@code ,"a":"x","b":["y","z"]}. */
    private void writePromoted() throws IOException {
        if (promoted.isEmpty()) {
            return;
        }
        identityOut.reset();
        identityGen.writeStartObject();
        promoted.write(identityGen);
        identityGen.writeEndObject();
        identityGen.flush();
        byte[] obj = identityOut.toByteArray();
        out.write(',');
        out.write(obj, 1, obj.length - 2);
    }

    private static int utf8Length(JsonParser p) throws IOException {
        return p.getText().getBytes(StandardCharsets.UTF_8).length;
    }

    private boolean hasLongString(KeptBytes bytes, long from, long to) throws IOException {
        if (!bytes.holds(from, to)) {
            return false;
        }
        ByteSink copy = new ByteSink((int) (to - from));
        bytes.copyTo(from, to, copy);
        try (JsonParser q = Json.FACTORY.createParser(copy.toByteArray())) {
            for (JsonToken t = q.nextToken(); t != null; t = q.nextToken()) {
                if ((t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) && q.getTextLength() > MAX_TERM_BYTES / 4
                        && utf8Length(q) > MAX_TERM_BYTES) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasLongString(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().length() > MAX_TERM_BYTES / 4
                    && node.textValue().getBytes(StandardCharsets.UTF_8).length > MAX_TERM_BYTES;
        }
        for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().getBytes(StandardCharsets.UTF_8).length > MAX_TERM_BYTES || hasLongString(e.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (hasLongString(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void splice(long at, byte[] insert) {
        addSplice(at, at, insert);
    }

    private void addSplice(long from, long to, byte[] with) {
        if (splices == spliceFrom.length) {
            spliceFrom = Arrays.copyOf(spliceFrom, splices * 2);
            spliceTo = Arrays.copyOf(spliceTo, splices * 2);
            spliceWith = Arrays.copyOf(spliceWith, splices * 2);
        }
        spliceFrom[splices] = from;
        spliceTo[splices] = to;
        spliceWith[splices] = with;
        splices++;
    }

    /** Ends the splice that waited for the next token, which starts at {@code next}. */
    private void resolvePending(KeptBytes bytes, long next, boolean nextIsField) {
        if (pending == IDENTITY) {
            byte[] with = pendingWith;
            if (nextIsField) {
                with = Arrays.copyOf(with, with.length + 1);
                with[with.length - 1] = ',';
            }
            addSplice(pendingFrom, next, with);
        } else if (pending == WRAP && bytes.holds(next, next)) {
            // The value ends before the whitespace and the comma that separate it from the next token.
            long end = next;
            end = skipBackSpace(bytes, end);
            if (nextIsField && end > 0 && bytes.holds(end - 1, end) && bytes.byteAt(end - 1) == ',') {
                end = skipBackSpace(bytes, end - 1);
            }
            splice(end, WRAP_CLOSE);
        }
        pending = NONE;
    }

    private static long skipBackSpace(KeptBytes bytes, long end) {
        while (bytes.holds(end - 1, end)) {
            byte b = bytes.byteAt(end - 1);
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                break;
            }
            end--;
        }
        return end;
    }

    private static void expectEnd(JsonToken t) {
        if (t != JsonToken.END_OBJECT) {
            throw new IllegalStateException("parser not inside an object: " + t);
        }
    }

    private CloudTrailRecord finish(CloudTrailRecord result) {
        boolean hasId = eventId != null && !eventId.isEmpty();
        if (!documents) {
            out.reset();
            result.documentId = hasId ? eventId : null;
            return result;
        }
        result.document = out.toByteArray();
        out.reset();
        result.documentId = hasId ? eventId : contentId(result.document);
        return result;
    }

    public Reason rejectReason() {
        return rejectReason;
    }

    public String rejectMessage() {
        return rejectMessage;
    }

    private CloudTrailRecord validate() {
        if (sourceToken == JsonToken.VALUE_STRING && eventSource.startsWith("aws:")) {
            return reject(Reason.NOT_CLOUDTRAIL,
                    "eventSource " + eventSource + " is a service notification, not a CloudTrail event");
        }
        // An Insights event names the API it is about inside insightDetails, not at the top.
        boolean insight = INSIGHT_EVENT_TYPE.equals(eventType);
        StringBuilder missing = new StringBuilder();
        if (!hasVersion) {
            missing.append(" eventVersion");
        }
        if (sourceToken != JsonToken.VALUE_STRING && !insight) {
            missing.append(" eventSource");
        }
        if (nameToken != JsonToken.VALUE_STRING && !insight) {
            missing.append(" eventName");
        }
        if (missing.length() > 0) {
            return reject(Reason.NOT_CLOUDTRAIL, "not a CloudTrail event: no string" + missing);
        }
        if (timeToken == null || timeToken == JsonToken.VALUE_NULL) {
            return reject(Reason.MISSING_EVENT_TIME, "eventTime is missing");
        }
        if (timeToken != JsonToken.VALUE_STRING) {
            return reject(Reason.BAD_EVENT_TIME, "eventTime is not a string");
        }
        long millis = EventTime.parseMillis(eventTimeText);
        if (millis == EventTime.INVALID) {
            return reject(Reason.BAD_EVENT_TIME, "eventTime does not parse: " + abbreviate(eventTimeText));
        }
        rec.eventTime = millis;
        rec.eventSource = eventSource;
        rec.eventName = eventName;
        rec.insight = insight;
        return rec;
    }

    private CloudTrailRecord reject(Reason reason, String message) {
        rejectReason = reason;
        rejectMessage = message;
        out.reset();
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? '"' + s + '"' : '"' + s.substring(0, 64) + "...\"";
    }

    private static boolean isSpliced(String name) {
        switch (name) {
            case "userIdentity":
            case "requestParameters":
            case "responseElements":
            case "additionalEventData":
            case "serviceEventDetails":
            case TIMESTAMP:
                return true;
            default:
                return false;
        }
    }

    /** What a field counts as when no document is written: payloads and {@code @timestamp} are only skipped. */
    private static String dimensionsOnly(String name) {
        return isSpliced(name) && !"userIdentity".equals(name) ? "" : name;
    }

    private static boolean isTopLevelDimension(String name) {
        switch (name) {
            case "awsRegion":
            case "sourceIPAddress":
            case "eventSource":
            case "eventName":
            case "eventCategory":
                return true;
            default:
                return false;
        }
    }

    private void captureTopLevel(String name, JsonParser p, JsonToken v) throws IOException {
        switch (name) {
            case "eventVersion":
                hasVersion = v != JsonToken.VALUE_NULL;
                break;
            case "eventTime":
                timeToken = v;
                if (v == JsonToken.VALUE_STRING) {
                    eventTimeText = p.getText();
                }
                break;
            case "eventSource":
                sourceToken = v;
                eventSource = text(p, v);
                break;
            case "eventName":
                nameToken = v;
                eventName = text(p, v);
                break;
            case "eventID":
                eventId = v == JsonToken.VALUE_STRING ? p.getText() : null;
                break;
            case "eventType":
                eventType = v == JsonToken.VALUE_STRING ? p.getText() : null;
                break;
            case "awsRegion":
                rec.awsRegion = text(p, v);
                break;
            case "sourceIPAddress":
                rec.sourceIPAddress = text(p, v);
                break;
            case "eventCategory":
                rec.eventCategory = text(p, v);
                break;
            default:
        }
    }

    /** An object or array where a dimension is expected: grouped by its JSON text. */
    private void captureTopLevel(String name, String json) {
        switch (name) {
            case "awsRegion":
                rec.awsRegion = json;
                break;
            case "sourceIPAddress":
                rec.sourceIPAddress = json;
                break;
            case "eventCategory":
                rec.eventCategory = json;
                break;
            case "eventSource":
                sourceToken = JsonToken.START_OBJECT;
                break;
            case "eventName":
                nameToken = JsonToken.START_OBJECT;
                break;
            default:
        }
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        return v == JsonToken.VALUE_NULL ? null : p.getText();
    }

    /** Writes the dotted keys to {@code g}, or with a null {@code g} only captures the dimensions. */
    private void flattenIdentity(JsonGenerator g, JsonParser p, String prefix) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_OBJECT) {
            if (g != null) {
                // An empty object has no dotted key to stand for it: keep it as it is.
                g.writeFieldName(prefix);
                g.writeStartObject();
                g.writeEndObject();
            }
            return;
        }
        for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String key = dotted(prefix, p.currentName());
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_OBJECT) {
                flattenIdentity(g, p, key);
                continue;
            }
            // Only five identity keys are dimensions: the others' text is never made into a String.
            int dimension = identityDimension(key);
            if (g != null) {
                g.writeFieldName(key);
            }
            if (v.isScalarValue()) {
                if (g != null) {
                    writeScalar(g, p, v);
                }
                if (dimension >= 0) {
                    captureIdentity(dimension, text(p, v));
                }
            } else if (g != null || dimension >= 0) {
                JsonNode tree = p.readValueAsTree();
                if (g != null) {
                    g.writeTree(tree);
                }
                if (dimension >= 0) {
                    captureIdentity(dimension, tree.toString());
                }
            } else {
                p.skipChildren();
            }
        }
    }

    /**
     * {@code prefix.name}, built once per distinct pair: identity keys repeat in every event, and a
     * cached String also keeps its hash for the switch in {@link #captureIdentity}.
     */
    private String dotted(String prefix, String name) {
        java.util.Map<String, String> byName = dottedKeys.computeIfAbsent(prefix, k -> new java.util.HashMap<>());
        String key = byName.get(name);
        if (key == null) {
            key = prefix + '.' + name;
            if (byName.size() < 1024) {
                byName.put(name, key);
            }
        }
        return key;
    }

    private final java.util.Map<String, java.util.Map<String, String>> dottedKeys = new java.util.HashMap<>();

    /** Which identity dimension a dotted key is (the order of {@link #captureIdentity}), or -1. */
    private static int identityDimension(String key) {
        switch (key) {
            case "userIdentity.type":
                return 0;
            case "userIdentity.accountId":
                return 1;
            case "userIdentity.sessionContext.sessionIssuer.userName":
                return 2;
            case "userIdentity.sessionContext.sessionIssuer.arn":
                return 3;
            case "userIdentity.sessionContext.sessionIssuer.type":
                return 4;
            default:
                return -1;
        }
    }

    private void captureIdentity(int dimension, String value) {
        switch (dimension) {
            case 0:
                rec.userIdentityType = value;
                break;
            case 1:
                rec.userIdentityAccountId = value;
                break;
            case 2:
                rec.sessionIssuerUserName = value;
                break;
            case 3:
                rec.sessionIssuerArn = value;
                break;
            case 4:
                rec.sessionIssuerType = value;
                break;
            default:
        }
    }

    private void writePayload(String name, JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            gen.writeFieldName(name);
            gen.writeNull();
            return;
        }
        JsonNode value = p.readValueAsTree();
        if (PromotedFields.promotes(name)) {
            promoted.collect(name, value);
        }
        if (hasLongString(value)) {
            gen.writeFieldName(OVERFLOW + "." + name);
            gen.writeTree(value);
            return;
        }
        boolean accepted = value.isObject();
        if (value.isArray()) {
            accepted = true;
            for (JsonNode element : value) {
                accepted &= element.isObject();
            }
        }
        gen.writeFieldName(name);
        if (accepted) {
            gen.writeTree(value);
            return;
        }
        gen.writeStartObject();
        gen.writeFieldName(WRAPPED_VALUE);
        gen.writeTree(value);
        gen.writeEndObject();
    }

    /** Token-by-token copy: no recursion, so depth is bounded by the parser's own limit only. */
    private static void copyValue(JsonGenerator g, JsonParser p, JsonToken t) throws IOException {
        if (t.isScalarValue()) {
            writeScalar(g, p, t);
            return;
        }
        int depth = 0;
        while (true) {
            switch (t) {
                case START_OBJECT:
                    g.writeStartObject();
                    depth++;
                    break;
                case START_ARRAY:
                    g.writeStartArray();
                    depth++;
                    break;
                case END_OBJECT:
                    g.writeEndObject();
                    depth--;
                    break;
                case END_ARRAY:
                    g.writeEndArray();
                    depth--;
                    break;
                case FIELD_NAME:
                    g.writeFieldName(p.currentName());
                    break;
                default:
                    writeScalar(g, p, t);
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
        }
    }

    private static void writeScalar(JsonGenerator g, JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_STRING:
                g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                break;
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.INT) {
                    g.writeNumber(p.getIntValue());
                } else {
                    g.writeNumber(p.getText());
                }
                break;
            case VALUE_NUMBER_FLOAT:
                // As written: re-encoding a double would change 1.10 into 1.1.
                g.writeNumber(p.getText());
                break;
            case VALUE_TRUE:
                g.writeBoolean(true);
                break;
            case VALUE_FALSE:
                g.writeBoolean(false);
                break;
            case VALUE_NULL:
                g.writeNull();
                break;
            default:
                // VALUE_EMBEDDED_OBJECT only comes from trees built in code, never from parsed text.
                g.writeObject(p.getEmbeddedObject());
        }
    }

    /**
     * For the rare event without eventID: a hash of the document's canonical form (keys sorted, no
     * whitespace), so the same event gets the same id whichever path and layout it came by.
     */
    private static String contentId(byte[] document) {
        try {
            Object canonical = Json.MAPPER.treeToValue(Json.MAPPER.readTree(document), Object.class);
            byte[] bytes = CANONICAL.writeValueAsBytes(canonical);
            byte[] hash = RollupDimensions.sha256().digest(bytes);
            return "sha256-" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (IOException e) {
            throw new IllegalStateException("a document just written does not parse", e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectWriter CANONICAL = Json.MAPPER
            .writer().with(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
}
