package dev.trailflow.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * CloudTrail Insights files beside the log files: {@code AWSLogs/ACCOUNT/CloudTrail-Insight/REGION/...},
 * one event per file, as a Start and, minutes later, an End event sharing a {@code sharedEventID}
 * (the shape of AWS's "CloudTrail Insights events" documentation: the End adds
 * {@code insightDuration}). Its random numbers are its own, so turning Insights on changes no other file.
 */
final class InsightWriter {

    /** APIs whose call or error rate an Insight may be about: source, name. */
    private static final String[][] APIS = {
        {"ssm.amazonaws.com", "UpdateInstanceInformation"}, {"ec2.amazonaws.com", "DescribeInstances"},
        {"iam.amazonaws.com", "ListRoles"}, {"s3.amazonaws.com", "ListBuckets"},
        {"sts.amazonaws.com", "AssumeRole"}, {"kms.amazonaws.com", "Decrypt"},
    };
    private static final String[] ERROR_CODES = {"AccessDenied", "ThrottlingException"};

    private final GeneratorConfig cfg;
    private final World world;
    private final SplittableRandom r;
    private final JsonFactory factory = new JsonFactory();
    private final String suffix;
    long files;
    long bytes;

    InsightWriter(GeneratorConfig cfg) {
        this.cfg = cfg;
        // The same accounts as the log files: the generator's world comes from the seed's first split.
        this.world = new World(cfg, new SplittableRandom(cfg.seed).split());
        this.r = new SplittableRandom(cfg.seed ^ 0x1A5167L);
        this.suffix = cfg.gzip ? ".json.gz" : ".json";
    }

    /** Writes {@link GeneratorConfig#insightPairs} pairs; returns the events written (two per pair). */
    long write(FileSink sink) throws IOException {
        long spanMinutes = Math.max(1, cfg.span.getSeconds() / 60);
        long startMinute = Math.floorDiv(cfg.start.getEpochSecond() + 59, 60);
        for (int i = 0; i < cfg.insightPairs; i++) {
            int account = r.nextInt(world.accounts.length);
            int region = r.nextInt(world.regions.length);
            String[] api = APIS[r.nextInt(APIS.length)];
            boolean errors = r.nextInt(4) == 0;
            long begin = (startMinute + (long) r.nextInt((int) Math.min(spanMinutes, Integer.MAX_VALUE))) * 60;
            int minutes = 1 + r.nextInt(30);
            double baseline = Math.round(r.nextDouble() * 100_000) / 1000.0;
            double peak = Math.round((baseline + 5 + r.nextDouble() * 500) * 1000) / 1000.0;
            String shared = Rand.uuid(r);
            int baselineMinutes = 10_000 + r.nextInt(2_000);
            String[] roles = {"arn:aws:sts::" + world.accounts[account].id + ":assumed-role/" + api[1] + "Caller/" + Rand.alnum(r, 8)};
            for (boolean end : new boolean[] {false, true}) {
                long at = begin + (end ? minutes * 60L : 0);
                byte[] json = event(account, region, api, errors ? ERROR_CODES[i % ERROR_CODES.length] : null, at, shared,
                        end ? minutes : -1, baseline, peak, baselineMinutes, roles[0]);
                long delivered = at + 300 + r.nextInt(600);
                String accountId = world.accounts[account].id;
                String regionName = world.regions[region];
                String key = "AWSLogs/" + accountId + "/CloudTrail-Insight/" + regionName + "/" + TimeText.datePath(delivered)
                        + "/" + accountId + "_CloudTrail-Insight_" + regionName + "_" + TimeText.fileStamp(delivered) + "_"
                        + Rand.alnum(r, 16) + suffix;
                sink.accept(key, Instant.ofEpochSecond(delivered), json);
                files++;
                bytes += json.length;
            }
        }
        return 2L * cfg.insightPairs;
    }

    /** @param duration minutes for an End event, -1 for a Start */
    private byte[] event(int account, int region, String[] api, String errorCode, long at, String shared, int duration,
            double baseline, double peak, int baselineMinutes, String caller) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("Records");
            g.writeStartObject();
            g.writeStringField("eventVersion", "1.08");
            g.writeStringField("eventTime", Instant.ofEpochSecond(at).toString());
            g.writeStringField("awsRegion", world.regions[region]);
            g.writeStringField("eventID", Rand.uuid(r));
            g.writeStringField("eventType", "AwsCloudTrailInsight");
            g.writeStringField("recipientAccountId", world.accounts[account].id);
            g.writeStringField("sharedEventID", shared);
            g.writeObjectFieldStart("insightDetails");
            g.writeStringField("state", duration < 0 ? "Start" : "End");
            g.writeStringField("eventSource", api[0]);
            g.writeStringField("eventName", api[1]);
            g.writeStringField("insightType", errorCode == null ? "ApiCallRateInsight" : "ApiErrorRateInsight");
            if (errorCode != null) {
                g.writeStringField("errorCode", errorCode);
            }
            g.writeObjectFieldStart("insightContext");
            g.writeObjectFieldStart("statistics");
            g.writeObjectFieldStart("baseline");
            g.writeNumberField("average", baseline);
            g.writeEndObject();
            g.writeObjectFieldStart("insight");
            g.writeNumberField("average", peak);
            g.writeEndObject();
            if (duration >= 0) {
                g.writeNumberField("insightDuration", duration);
            }
            g.writeNumberField("baselineDuration", baselineMinutes);
            g.writeEndObject();
            g.writeArrayFieldStart("attributions");
            g.writeStartObject();
            g.writeStringField("attribute", "userIdentityArn");
            g.writeArrayFieldStart("insight");
            g.writeStartObject();
            g.writeStringField("value", caller);
            g.writeNumberField("average", peak);
            g.writeEndObject();
            g.writeEndArray();
            g.writeArrayFieldStart("baseline");
            g.writeStartObject();
            g.writeStringField("value", caller);
            g.writeNumberField("average", baseline);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeStringField("eventCategory", "Insight");
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }
}
