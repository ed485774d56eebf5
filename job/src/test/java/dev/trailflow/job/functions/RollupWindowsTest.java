package dev.trailflow.job.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trailflow.job.Workflow;
import dev.trailflow.job.WorkflowAccess;
import dev.trailflow.job.records.Rollup;
import dev.trailflow.udfs.flatten.CloudTrailRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollup window operator exactly as the workflow builds it, driven by a harness: counts per
 * epoch-aligned window, a correction under the same id for a late event within the allowed lateness,
 * and the side output for events later than that.
 */
class RollupWindowsTest {

    static final long T0 = Instant.parse("2024-09-27T21:30:00Z").toEpochMilli();
    static final long MIN = 60_000;

    private KeyedOneInputStreamOperatorTestHarness<org.apache.flink.api.java.tuple.Tuple2<Long, Long>, String, Rollup> h;

    static CloudTrailRecord event(long t, String eventName) {
        CloudTrailRecord r = new CloudTrailRecord();
        r.eventTime = t;
        r.documentId = eventName + t;
        r.userIdentityType = "Root";
        r.eventSource = "iam.amazonaws.com";
        r.eventName = eventName;
        r.document = new byte[0];
        return r;
    }

    @BeforeEach
    void open() throws Exception {
        h = WorkflowAccess.rollupHarness(new Workflow.Windows(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofMinutes(15),
                Duration.ofMinutes(1), true, true, true));
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private void add(long t, String name) throws Exception {
        h.processElement(new StreamRecord<>(WorkflowAccess.groupKey(event(t, name)), t));
    }

    @Test
    void countsPerGroupAndWindowWhenTheWatermarkPassesTheEnd() throws Exception {
        add(T0, "CreateUser");
        add(T0 + 4 * MIN + 59_999, "CreateUser");
        add(T0 + 5 * MIN, "CreateUser");
        add(T0 + MIN, "DeleteUser");
        h.processWatermark(new Watermark(T0 + 5 * MIN - 2));
        assertTrue(h.extractOutputValues().isEmpty(), "not before the window's end");
        h.processWatermark(new Watermark(T0 + 5 * MIN - 1));
        List<Rollup> out = h.extractOutputValues();
        assertEquals(2, out.size());
        Rollup create = out.stream().filter(r -> "CreateUser".equals(r.dimensions[8])).findFirst().get();
        assertEquals(2, create.count, "the event at the window's end belongs to the next window");
        assertEquals(T0, create.windowStart);
        assertEquals(T0 + 5 * MIN, create.windowEnd);
        assertEquals(0, create.emission);
    }

    @Test
    void aLateEventWithinTheAllowedLatenessReEmitsTheCorrectedCountUnderTheSameId() throws Exception {
        add(T0 + MIN, "CreateUser");
        h.processWatermark(new Watermark(T0 + 10 * MIN));
        Rollup first = h.extractOutputValues().get(0);
        add(T0 + 2 * MIN, "CreateUser");
        List<Rollup> out = h.extractOutputValues();
        assertEquals(2, out.size());
        Rollup corrected = out.get(1);
        assertEquals(2, corrected.count);
        assertEquals(1, corrected.emission);
        assertEquals(first.id(), corrected.id());
    }

    @Test
    void anEventLaterThanTheAllowedLatenessOnlyReachesTheSideOutput() throws Exception {
        add(T0 + MIN, "CreateUser");
        h.processWatermark(new Watermark(T0 + 5 * MIN + 15 * MIN));
        assertEquals(1, h.extractOutputValues().size());
        add(T0 + 2 * MIN, "CreateUser");
        assertEquals(1, h.extractOutputValues().size(), "no correction: the window is gone");
        ConcurrentLinkedQueue<StreamRecord<String>> late = h.getSideOutput(WorkflowAccess.tooLate());
        assertEquals(1, late.size());
        assertEquals(T0 + 2 * MIN, late.peek().getTimestamp());
    }

    @Test
    void stateOfAWindowSurvivesASnapshotAndRestore() throws Exception {
        add(T0 + MIN, "CreateUser");
        add(T0 + 2 * MIN, "CreateUser");
        var snapshot = h.snapshot(1, 1);
        h.close();
        h = WorkflowAccess.rollupHarness(new Workflow.Windows(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofMinutes(15),
                Duration.ofMinutes(1), true, true, true));
        h.initializeState(snapshot);
        h.open();
        h.processWatermark(new Watermark(T0 + 6 * MIN));
        assertEquals(2, h.extractOutputValues().get(0).count);
    }
}
