package dev.trailflow.job.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trailflow.job.records.SourceRecord;
import dev.trailflow.udfs.decode.CloudTrailDecoder;
import dev.trailflow.udfs.decode.DeadLetter;
import dev.trailflow.udfs.decode.Decoded;
import dev.trailflow.udfs.decode.Reason;
import dev.trailflow.udfs.flatten.CloudTrailRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Insights events leave the route on their own output, so neither the raw sink nor the windows see them. */
class RouteInsightsTest {

    static final String INSIGHT = "{\"eventVersion\":\"1.08\",\"eventTime\":\"2023-01-02T02:51:00Z\",\"awsRegion\":\"us-east-1\","
            + "\"eventID\":\"i-1\",\"eventType\":\"AwsCloudTrailInsight\",\"recipientAccountId\":\"123456789012\","
            + "\"sharedEventID\":\"s-1\",\"insightDetails\":{\"state\":\"Start\",\"eventSource\":\"ssm.amazonaws.com\","
            + "\"eventName\":\"UpdateInstanceInformation\",\"insightType\":\"ApiCallRateInsight\"},\"eventCategory\":\"Insight\"}";
    static final String EVENT = "{\"eventVersion\":\"1.08\",\"eventTime\":\"2023-01-02T02:51:00Z\",\"eventSource\":\"s3.amazonaws.com\","
            + "\"eventName\":\"GetObject\",\"eventID\":\"e-1\"}";

    private static List<SourceRecord> decode(String payload) throws IOException {
        List<SourceRecord> out = new ArrayList<>();
        try (CloudTrailDecoder d = CloudTrailDecoder.open(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), "t")) {
            for (Decoded x = d.next(); x != null; x = d.next()) {
                out.add(SourceRecord.of(x));
            }
        }
        return out;
    }

    @Test
    void insightsGoToTheirOwnOutputAndNeverMoveTime() throws Exception {
        List<SourceRecord> in = decode(INSIGHT + "\n" + EVENT);
        assertEquals(Long.MIN_VALUE, in.get(0).timestamp(), "an Insight is not windowed and holds no watermark");
        try (OneInputStreamOperatorTestHarness<SourceRecord, CloudTrailRecord> h =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new RouteDecoded()))) {
            h.open();
            for (SourceRecord r : in) {
                h.processElement(r, Math.max(0, r.timestamp()));
            }
            List<String> main = h.extractOutputValues().stream().map(r -> r.documentId).collect(Collectors.toList());
            List<String> insights = h.getSideOutput(RouteDecoded.INSIGHTS).stream().map(r -> r.getValue().documentId)
                    .collect(Collectors.toList());
            assertEquals(List.of("e-1"), main);
            assertEquals(List.of("i-1"), insights);
            assertTrue(h.getSideOutput(RouteDecoded.DEAD_LETTERS) == null || h.getSideOutput(RouteDecoded.DEAD_LETTERS).isEmpty());
        }
    }

    @Test
    void withoutAnInsightsIndexAnInsightIsADeadLetterHoldingItsDocument() throws Exception {
        CloudTrailRecord insight = decode(INSIGHT).get(0).insight;
        DeadLetter dl = new InsightAsDeadLetter().map(insight);
        assertEquals(Reason.INSIGHT_NOT_INDEXED.code(), dl.reason);
        assertEquals(new String(insight.document, StandardCharsets.UTF_8), dl.payload);
        assertEquals("eventID i-1", dl.position, "two Insights never share a dead letter's id");
    }
}
