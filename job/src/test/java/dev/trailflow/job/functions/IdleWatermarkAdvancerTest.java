package dev.trailflow.job.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Processing time is the harness's, so "quiet for a while" needs no sleeping. */
class IdleWatermarkAdvancerTest {

    private OneInputStreamOperatorTestHarness<String, String> h;

    @BeforeEach
    void open() throws Exception {
        h = new OneInputStreamOperatorTestHarness<>(new IdleWatermarkAdvancer<>(1_000, 2_000));
        h.setProcessingTime(0);
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private List<Long> watermarks() {
        List<Long> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof Watermark) {
                out.add(((Watermark) o).getTimestamp());
            }
        }
        return out;
    }

    @Test
    void forwardsWhileDataFlowsAndAdvancesWithTheClockOnceQuiet() throws Exception {
        h.processElement(new StreamRecord<>("a", 4_000));
        h.processWatermark(new Watermark(5_000));
        h.setProcessingTime(900);
        assertEquals(List.of(5_000L), watermarks(), "not before the idle timeout");
        h.setProcessingTime(3_000);
        assertEquals(List.of(5_000L, 7_000L), watermarks(), "5 s + (3 s quiet - 1 s timeout)");
        h.setProcessingTime(3_250);
        assertEquals(7_250L, watermarks().get(watermarks().size() - 1), "and on with the clock");
    }

    @Test
    void aLaggingUpstreamWatermarkIsOvertakenByTheNewestEventLessTheDelay() throws Exception {
        h.processWatermark(new Watermark(5_000));
        h.processElement(new StreamRecord<>("new", 60_000));
        h.processElement(new StreamRecord<>("dead letter: no event time", Long.MIN_VALUE));
        h.setProcessingTime(1_500);
        assertEquals(60_000L - 2_000 - 1 + 500, watermarks().get(watermarks().size() - 1));
    }

    @Test
    void upstreamWatermarksBelowWhatWasEmittedAreNotForwarded() throws Exception {
        h.processWatermark(new Watermark(5_000));
        h.setProcessingTime(11_000);
        h.processWatermark(new Watermark(6_000));
        List<Long> wm = watermarks();
        assertEquals(15_000L, wm.get(wm.size() - 1));
        assertTrue(wm.stream().noneMatch(t -> t == 6_000L), "watermarks only go up");
    }

    @Test
    void anInputWithATimeStaysActiveAndOneWithoutGoesIdle() throws Exception {
        h.processWatermarkStatus(WatermarkStatus.IDLE);
        assertTrue(h.getOutput().contains(WatermarkStatus.IDLE), "no watermark yet: hold nobody back");
        h.getOutput().clear();
        h.processWatermarkStatus(WatermarkStatus.ACTIVE);
        h.processWatermark(new Watermark(5_000));
        h.processWatermarkStatus(WatermarkStatus.IDLE);
        assertTrue(!h.getOutput().contains(WatermarkStatus.IDLE), "it advances time itself instead");
        h.setProcessingTime(2_000);
        assertEquals(6_000L, watermarks().get(watermarks().size() - 1));
    }

    @Test
    void eventsWithoutAnyWatermarkAreTimeEnough() throws Exception {
        // Files each read between two of the source's periodic watermarks: events, and no watermark.
        h.processElement(new StreamRecord<>("a", 40_000));
        h.setProcessingTime(1_200);
        assertEquals(List.of(), watermarks(), "while input may still come, no watermark: no advance");
        h.processWatermarkStatus(WatermarkStatus.IDLE);
        assertTrue(!h.getOutput().contains(WatermarkStatus.IDLE), "it has a time: it advances it itself");
        h.setProcessingTime(1_500);
        assertEquals(List.of(40_000L - 2_000 - 1 + 500), watermarks(), "from the newest event less the delay");
    }

    @Test
    void aRestoredSubtaskAdvancesFromWhereItsTimeStoodNotFromScratch() throws Exception {
        h.processElement(new StreamRecord<>("read before the checkpoint", 60_000));
        h.processWatermark(new Watermark(40_000));
        OperatorSubtaskState snapshot = h.snapshot(1, 100);
        h.close();

        h = new OneInputStreamOperatorTestHarness<>(new IdleWatermarkAdvancer<>(1_000, 2_000));
        h.setProcessingTime(0);
        h.initializeState(snapshot);
        h.open();
        h.processElement(new StreamRecord<>("replayed", 30_000));
        h.setProcessingTime(1_500);
        assertEquals(60_000L - 2_000 - 1 + 500, watermarks().get(watermarks().size() - 1),
                "the newest event before the failure still counts, though only an older one was replayed");
    }

    @Test
    void afterRescalingTheLowestFloorOfAllOldSubtasksIsTheStart() {
        List<Tuple3<Integer, Integer, Long>> stored = List.of(Tuple3.of(0, 2, 50L), Tuple3.of(1, 2, 90L));
        assertEquals(90L, IdleWatermarkAdvancer.restore(stored, 1, 2));
        assertEquals(50L, IdleWatermarkAdvancer.restore(stored, 1, 3));
        assertEquals(50L, IdleWatermarkAdvancer.restore(stored, 0, 1));
        assertEquals(Long.MIN_VALUE, IdleWatermarkAdvancer.restore(List.of(), 0, 2));
    }
}
