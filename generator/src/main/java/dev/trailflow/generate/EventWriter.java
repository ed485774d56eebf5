package dev.trailflow.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Writes one CloudTrail record, field for field in the order CloudTrail uses. Also the state the call
 * catalogue's payload writers read (the account, the chosen bucket or key, ...), reset per event.
 */
final class EventWriter {

    /** Time spellings of {@code eventTime}; {@link #ISO} is CloudTrail's own. */
    static final int ISO = 0;
    static final int SPACE_NO_ZONE = 1;
    static final int MILLIS = 2;
    static final int MICROS = 3;
    static final int OFFSET = 4;
    static final int NO_ZONE = 5;
    static final int ODD_SPELLINGS = 5;

    /** Size the large events' requestParameters reach, at least. */
    static final int LARGE_PAYLOAD_BYTES = 300 * 1024;

    private static final int[] OFFSET_MINUTES = {120, -300, 330, -180, 540, 60, -420};
    private static final String[] ODD_RESPONSES = {"OK", "Success", "true"};

    final SplittableRandom r;
    private final World world;
    private final JsonFactory factory;
    private final TimeText time = new TimeText();
    private final char[] chars = new char[40];
    private final ByteArrayOutputStream scratch = new ByteArrayOutputStream(1024);

    World.Principal p;
    World.Account acct;
    String region;
    long sec;
    String requestId;
    String bucket;
    String objectKey;
    String instance;
    String function;
    String keyId;
    String table;
    String role;
    private String session;

    EventWriter(World world, JsonFactory factory, SplittableRandom r) {
        this.world = world;
        this.factory = factory;
        this.r = r;
    }

    /**
     * @param micros  the event's instant in microseconds since the epoch
     * @param spelling one of the constants above; the fraction of {@code MILLIS}/{@code MICROS} is in {@code micros}
     * @param large   whether requestParameters is the ~300 KB kind
     */
    void write(JsonGenerator g, World.Principal principal, ApiCall call, int regionIndex, long micros, int spelling,
               boolean large, boolean withoutIdentity) throws IOException {
        p = principal;
        acct = principal.account;
        region = world.regions[regionIndex];
        sec = Math.floorDiv(micros, 1_000_000L);
        bucket = null;
        objectKey = null;
        instance = null;
        function = null;
        keyId = null;
        table = null;
        role = null;
        session = null;
        if (call.prepare != null) {
            call.prepare.run(this);
        }
        boolean serviceEvent = call.serviceInvoker != null;
        boolean signIn = call.consoleSignIn();
        requestId = call.source.startsWith("s3.") ? Rand.upperAlnum(r, 16) : Rand.uuid(r);
        boolean failed = !large && call.errors != ApiCall.Errors.NONE && r.nextDouble() < p.errorRate;

        g.writeStartObject();
        g.writeStringField("eventVersion", call.version);
        if (!withoutIdentity) {
            identity(g, call, serviceEvent, signIn);
        }
        g.writeFieldName("eventTime");
        eventTime(g, micros, spelling);
        g.writeStringField("eventSource", call.source);
        g.writeStringField("eventName", call.name);
        g.writeStringField("awsRegion", region);
        String agent;
        if (serviceEvent) {
            g.writeStringField("sourceIPAddress", call.serviceInvoker);
            agent = call.serviceInvoker;
        } else {
            g.writeStringField("sourceIPAddress", pickStable(p.ips));
            agent = pickStable(p.agents);
        }
        g.writeStringField("userAgent", agent);
        if (failed) {
            error(g, call);
        }
        g.writeFieldName("requestParameters");
        if (large) {
            largeRequest(g, call);
        } else if (call.request == null || signIn) {
            g.writeNull();
        } else {
            request(g, call.request);
        }
        g.writeFieldName("responseElements");
        response(g, call, failed, signIn, serviceEvent);
        if (call.additional != null) {
            g.writeFieldName("additionalEventData");
            if (r.nextDouble() < 0.1) {
                g.writeString(asText(call.additional));
            } else {
                call.additional.write(g, this);
            }
        }
        if (!signIn && !serviceEvent) {
            g.writeStringField("requestID", requestId);
        }
        g.writeStringField("eventID", Rand.uuid(r));
        g.writeBooleanField("readOnly", call.readOnly);
        if (call.resources != null) {
            g.writeArrayFieldStart("resources");
            call.resources.write(g, this);
            g.writeEndArray();
        }
        g.writeStringField("eventType", call.eventType);
        g.writeBooleanField("managementEvent", !call.data);
        g.writeStringField("recipientAccountId", acct.id);
        if (call.sharedEvent && (p.kind == World.Kind.AWS_SERVICE || p.kind == World.Kind.CROSS_ACCOUNT)) {
            g.writeStringField("sharedEventID", Rand.uuid(r));
        }
        if (p.viaVpcEndpoint && !serviceEvent) {
            g.writeStringField("vpcEndpointId", acct.vpcEndpoint);
        }
        if (serviceEvent) {
            g.writeFieldName("serviceEventDetails");
            call.serviceDetails.write(g, this);
        }
        g.writeStringField("eventCategory", call.data ? "Data" : "Management");
        if (p.tlsVersion != null && !serviceEvent && !signIn && r.nextDouble() < 0.9) {
            g.writeObjectFieldStart("tlsDetails");
            g.writeStringField("tlsVersion", p.tlsVersion);
            g.writeStringField("cipherSuite", p.cipherSuite);
            g.writeStringField("clientProvidedHostHeader", host(call));
            g.writeEndObject();
        }
        if (p.console && !signIn && !serviceEvent && (agent.startsWith("Mozilla") || agent.equals("AWS Internal"))) {
            g.writeStringField("sessionCredentialFromConsole", "true");
        }
        g.writeEndObject();
    }

    private void identity(JsonGenerator g, ApiCall call, boolean serviceEvent, boolean signIn) throws IOException {
        g.writeObjectFieldStart("userIdentity");
        if (serviceEvent) {
            // AWS writes service events with a typeless identity: the account and the invoking service.
            g.writeStringField("accountId", acct.id);
            g.writeStringField("invokedBy", call.serviceInvoker);
            g.writeEndObject();
            return;
        }
        g.writeStringField("type", p.type);
        switch (p.type) {
            case "AWSService":
                g.writeStringField("invokedBy", p.invokedBy);
                break;
            case "AWSAccount":
                g.writeStringField("principalId", p.principalId);
                g.writeStringField("accountId", p.identityAccountId);
                break;
            default:
                g.writeStringField("principalId", p.principalId);
                g.writeStringField("arn", p.arn);
                g.writeStringField("accountId", p.identityAccountId);
                if (!signIn) {
                    g.writeStringField("accessKeyId", p.accessKeyId);
                }
                if (p.userName != null) {
                    g.writeStringField("userName", p.userName);
                }
                if (p.issuerType != null || (p.console && !signIn)) {
                    sessionContext(g);
                }
                if (p.invokedBy != null) {
                    g.writeStringField("invokedBy", p.invokedBy);
                }
                break;
        }
        g.writeEndObject();
    }

    private void sessionContext(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("sessionContext");
        if (p.issuerType != null) {
            g.writeObjectFieldStart("sessionIssuer");
            g.writeStringField("type", p.issuerType);
            g.writeStringField("principalId", p.issuerPrincipalId);
            g.writeStringField("arn", p.issuerArn);
            g.writeStringField("accountId", p.sessionIssuerAccountId());
            g.writeStringField("userName", p.issuerUserName);
            g.writeEndObject();
            if (p.type.equals("AssumedRole")) {
                g.writeObjectFieldStart("webIdFederationData");
                if (p.webIdentityProvider != null) {
                    g.writeStringField("federatedProvider", p.webIdentityProvider);
                    g.writeObjectFieldStart("attributes");
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
        }
        g.writeObjectFieldStart("attributes");
        // Sessions are renewed hourly at a per-principal minute, so the creation date precedes the call.
        long created = Math.floorDiv(sec, 3600L) * 3600L + p.sessionOffsetSeconds;
        if (created > sec) {
            created -= 3600L;
        }
        g.writeFieldName("creationDate");
        time.isoSeconds(created, chars);
        g.writeString(chars, 0, 20);
        g.writeStringField("mfaAuthenticated", p.mfa ? "true" : "false");
        g.writeEndObject();
        if (p.ec2Role) {
            g.writeStringField("ec2RoleDelivery", "2.0");
        }
        g.writeEndObject();
    }

    private void eventTime(JsonGenerator g, long micros, int spelling) throws IOException {
        long s = Math.floorDiv(micros, 1_000_000L);
        int fraction = (int) Math.floorMod(micros, 1_000_000L);
        switch (spelling) {
            case SPACE_NO_ZONE:
                time.dateTime(s, ' ', chars);
                g.writeString(chars, 0, 19);
                return;
            case NO_ZONE:
                time.dateTime(s, 'T', chars);
                g.writeString(chars, 0, 19);
                return;
            case MILLIS:
                time.dateTime(s, 'T', chars);
                chars[19] = '.';
                digits(fraction / 1000, 3, 20);
                chars[23] = 'Z';
                g.writeString(chars, 0, 24);
                return;
            case MICROS:
                time.dateTime(s, 'T', chars);
                chars[19] = '.';
                digits(fraction, 6, 20);
                chars[26] = 'Z';
                g.writeString(chars, 0, 27);
                return;
            case OFFSET: {
                int minutes = OFFSET_MINUTES[Math.floorMod(s / 7, OFFSET_MINUTES.length)];
                time.dateTime(s + minutes * 60L, 'T', chars);
                int abs = Math.abs(minutes);
                chars[19] = minutes < 0 ? '-' : '+';
                TimeText.put2(chars, 20, abs / 60);
                chars[22] = ':';
                TimeText.put2(chars, 23, abs % 60);
                g.writeString(chars, 0, 25);
                return;
            }
            default:
                time.isoSeconds(s, chars);
                g.writeString(chars, 0, 20);
        }
    }

    private void digits(int value, int width, int at) {
        for (int i = width - 1; i >= 0; i--) {
            chars[at + i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * requestParameters as an object mostly; the other shapes are what trails collected through other
     * tools and older CloudTrail versions contain, and what an index mapping must survive.
     */
    private void request(JsonGenerator g, ApiCall.Part part) throws IOException {
        double u = r.nextDouble();
        if (u < 0.03) {
            g.writeString(asText(part));
        } else if (u < 0.045) {
            g.writeStartArray();
            part.write(g, this);
            if (r.nextBoolean()) {
                part.write(g, this);
            }
            g.writeEndArray();
        } else if (u < 0.06) {
            g.writeStartArray();
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                g.writeString(pick(acct.instances));
            }
            g.writeEndArray();
        } else if (u < 0.07) {
            g.writeNull();
        } else {
            part.write(g, this);
        }
    }

    private void response(JsonGenerator g, ApiCall call, boolean failed, boolean signIn, boolean serviceEvent)
            throws IOException {
        if (signIn) {
            g.writeStartObject();
            g.writeStringField("ConsoleLogin", failed ? "Failure" : "Success");
            g.writeEndObject();
            return;
        }
        if (failed || serviceEvent) {
            g.writeNull();
            return;
        }
        double u = r.nextDouble();
        if (u < 0.015) {
            g.writeString(ODD_RESPONSES[r.nextInt(ODD_RESPONSES.length)]);
        } else if (u < 0.025) {
            g.writeBoolean(r.nextDouble() < 0.9);
        } else if (call.response != null) {
            call.response.write(g, this);
        } else {
            g.writeNull();
        }
    }

    private String asText(ApiCall.Part part) throws IOException {
        scratch.reset();
        try (JsonGenerator s = factory.createGenerator(scratch)) {
            part.write(s, this);
        }
        return new String(scratch.toByteArray(), StandardCharsets.UTF_8);
    }

    private void error(JsonGenerator g, ApiCall call) throws IOException {
        String code;
        String message;
        String who = p.arn != null ? p.arn : "arn:aws:iam::" + acct.id + ":root";
        String denied = "User: " + who + " is not authorized to perform: " + call.service + ":" + call.action
                + " on resource: " + resourceForError(call) + " because no identity-based policy allows the "
                + call.service + ":" + call.action + " action";
        double u = r.nextDouble();
        switch (call.errors) {
            case CONSOLE:
                g.writeStringField("errorMessage", "Failed authentication");
                return;
            case EC2:
                if (u < 0.15) {
                    code = "Client.RequestLimitExceeded";
                    message = "Request limit exceeded.";
                } else {
                    code = "Client.UnauthorizedOperation";
                    message = "You are not authorized to perform this operation. User: " + who
                            + " is not authorized to perform: ec2:" + call.action
                            + " because no identity-based policy allows the ec2:" + call.action + " action"
                            + (call.readOnly ? "" : ". Encoded authorization failure message: " + Rand.base64(r, 120));
                }
                break;
            case S3:
                if (call.name.equals("GetBucketPolicy") && u < 0.7) {
                    code = "NoSuchBucketPolicy";
                    message = "The bucket policy does not exist";
                } else if (call.data && call.readOnly && u < 0.4) {
                    code = "NoSuchKey";
                    message = "The specified key does not exist.";
                } else {
                    code = "AccessDenied";
                    message = "Access Denied";
                }
                break;
            case IAM:
                if (call.name.equals("GetRole") && u < 0.3) {
                    code = "NoSuchEntityException";
                    message = "The role with name " + role + " cannot be found.";
                } else {
                    code = "AccessDenied";
                    message = denied;
                }
                break;
            case QUERY:
                if (u < 0.2) {
                    code = "Throttling";
                    message = "Rate exceeded";
                } else {
                    code = "AccessDenied";
                    message = denied;
                }
                break;
            default:
                if (u < 0.2) {
                    code = "ThrottlingException";
                    message = "Rate exceeded";
                } else {
                    code = "AccessDeniedException";
                    message = denied;
                }
                break;
        }
        g.writeStringField("errorCode", code);
        g.writeStringField("errorMessage", message);
    }

    private String resourceForError(ApiCall call) {
        if (role != null) {
            return "arn:aws:iam::" + acct.id + ":role/" + role;
        }
        if (keyId != null) {
            return keyArn();
        }
        if (bucket != null) {
            return "arn:aws:s3:::" + bucket;
        }
        if (function != null) {
            return functionArn();
        }
        return "arn:aws:" + call.service + ":" + region + ":" + acct.id + ":*";
    }

    private String host(ApiCall call) {
        if (bucket != null && call.source.startsWith("s3.")) {
            return s3Host();
        }
        String prefix = call.source.substring(0, call.source.length() - ".amazonaws.com".length());
        return call.global ? prefix + ".amazonaws.com" : prefix + "." + region + ".amazonaws.com";
    }

    /** Half of the large events are an inline policy, half a tag call on thousands of resources. */
    private void largeRequest(JsonGenerator g, ApiCall call) throws IOException {
        g.writeStartObject();
        if (call == world.calls.putRolePolicy) {
            g.writeStringField("roleName", role);
            g.writeStringField("policyName", "generated-bucket-access");
            StringBuilder doc = new StringBuilder(LARGE_PAYLOAD_BYTES + 4096);
            doc.append("{\"Version\":\"2012-10-17\",\"Statement\":[");
            for (int i = 0; doc.length() < LARGE_PAYLOAD_BYTES; i++) {
                if (i > 0) {
                    doc.append(',');
                }
                statement(doc, "S" + i, acct.buckets[i % acct.buckets.length], "tenant-" + i);
            }
            doc.append("]}");
            g.writeStringField("policyDocument", doc.toString());
        } else {
            g.writeObjectFieldStart("resourcesSet");
            g.writeArrayFieldStart("items");
            // Each item is 36 bytes plus a comma.
            int items = LARGE_PAYLOAD_BYTES / 37 + 200;
            for (int i = 0; i < items; i++) {
                g.writeStartObject();
                g.writeStringField("resourceId", "i-0" + Rand.hex(r, 16));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeObjectFieldStart("tagSet");
            g.writeArrayFieldStart("items");
            tag(g, "Project", "migration-wave-" + r.nextInt(10));
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    static String policyDocument(String bucketName, int statements) {
        StringBuilder doc = new StringBuilder(256);
        doc.append("{\"Version\":\"2012-10-17\",\"Statement\":[");
        for (int i = 0; i < statements; i++) {
            if (i > 0) {
                doc.append(',');
            }
            statement(doc, "AllowBucketAccess" + i, bucketName, "data");
        }
        return doc.append("]}").toString();
    }

    private static void statement(StringBuilder doc, String sid, String bucketName, String prefix) {
        doc.append("{\"Sid\":\"").append(sid)
                .append("\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\",\"s3:ListBucket\"],")
                .append("\"Resource\":[\"arn:aws:s3:::").append(bucketName).append("\",\"arn:aws:s3:::")
                .append(bucketName).append('/').append(prefix).append("/*\"]}");
    }

    // ---- helpers for the call catalogue's payload writers ----

    String pickStable(String[] options) {
        if (options.length == 1 || r.nextDouble() < 0.85) {
            return options[0];
        }
        return options[1 + r.nextInt(options.length - 1)];
    }

    String pick(String[] options) {
        return Rand.pickSkewed(r, options);
    }

    boolean chance(double probability) {
        return r.nextDouble() < probability;
    }

    String uuid() {
        return Rand.uuid(r);
    }

    String isoSeconds(long epochSecond) {
        return time.isoSeconds(epochSecond);
    }

    String pickRole() {
        return acct.roles.isEmpty() ? "OrganizationAccountAccessRole" : acct.roles.get(
                (int) (acct.roles.size() * Math.pow(r.nextDouble(), 2)));
    }

    String pickUser() {
        return acct.users.isEmpty() ? "ci-deployer" : acct.users.get(r.nextInt(acct.users.size()));
    }

    String roleArn() {
        return "arn:aws:iam::" + acct.id + ":role/" + role;
    }

    /** The session a role is assumed under: stable per principal, so repeated assumptions look alike. */
    String sessionName() {
        if (session == null) {
            if (p.ec2Role && p.principalId.indexOf(':') > 0) {
                session = p.principalId.substring(p.principalId.indexOf(':') + 1);
            } else if (p.kind == World.Kind.AWS_SERVICE) {
                session = p.invokedBy.startsWith("lambda") ? pick(acct.functions)
                        : "botocore-session-" + (sec - sec % 3600);
            } else {
                session = "session-" + (p.index * 7919 % 100_000);
            }
        }
        return session;
    }

    String keyArn() {
        return "arn:aws:kms:" + region + ":" + acct.id + ":key/" + keyId;
    }

    String functionArn() {
        return "arn:aws:lambda:" + region + ":" + acct.id + ":function:" + function;
    }

    String tableArn() {
        return "arn:aws:dynamodb:" + region + ":" + acct.id + ":table/" + table;
    }

    String s3Host() {
        return bucket + ".s3." + region + ".amazonaws.com";
    }

    String s3Key() {
        switch (r.nextInt(5)) {
            case 0:
                return "logs/" + time.isoSeconds(sec).substring(0, 10).replace('-', '/') + "/app-" + Rand.hex(r, 8) + ".json.gz";
            case 1:
                return "uploads/" + Rand.uuid(r) + ".jpg";
            case 2:
                return "exports/orders-" + time.isoSeconds(sec).substring(0, 10) + ".csv";
            case 3:
                return "models/v" + (1 + r.nextInt(4)) + "/model.tar.gz";
            default:
                return "config/" + Rand.pick(r, new String[] {"app.yaml", "feature-flags.json", "allowlist.txt"});
        }
    }

    void resource(JsonGenerator g, String type, String arn) throws IOException {
        g.writeStartObject();
        g.writeStringField("accountId", acct.id);
        g.writeStringField("type", type);
        g.writeStringField("ARN", arn);
        g.writeEndObject();
    }

    void s3Additional(JsonGenerator g, long bytesIn, long bytesOut) throws IOException {
        g.writeStartObject();
        g.writeStringField("SignatureVersion", "SigV4");
        g.writeStringField("CipherSuite", p.cipherSuite != null ? p.cipherSuite : "TLS_AES_128_GCM_SHA256");
        g.writeNumberField("bytesTransferredIn", bytesIn);
        g.writeStringField("AuthenticationMethod", "AuthHeader");
        g.writeStringField("x-amz-id-2", Rand.base64(r, 76));
        g.writeNumberField("bytesTransferredOut", bytesOut);
        g.writeEndObject();
    }

    void encryptionContext(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("encryptionContext");
        switch (r.nextInt(3)) {
            case 0:
                g.writeStringField("aws:lambda:FunctionArn", "arn:aws:lambda:" + region + ":" + acct.id + ":function:"
                        + pick(acct.functions));
                break;
            case 1:
                g.writeStringField("aws:s3:arn", "arn:aws:s3:::" + pick(acct.buckets));
                break;
            default:
                g.writeStringField("SecretARN", "arn:aws:secretsmanager:" + region + ":" + acct.id + ":secret:"
                        + pick(acct.secrets));
                g.writeStringField("SecretVersionId", Rand.uuid(r));
                break;
        }
        g.writeEndObject();
    }

    void filterSet(JsonGenerator g, String name, String value) throws IOException {
        g.writeObjectFieldStart("filterSet");
        g.writeArrayFieldStart("items");
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeObjectFieldStart("valueSet");
        g.writeArrayFieldStart("items");
        g.writeStartObject();
        g.writeStringField("value", value);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    void tag(JsonGenerator g, String key, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", key);
        g.writeStringField("value", value);
        g.writeEndObject();
    }

    void state(JsonGenerator g, String field, int code, String name) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeNumberField("code", code);
        g.writeStringField("name", name);
        g.writeEndObject();
    }
}
