package dev.trailflow.job.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trailflow.job.records.GroupCount;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PreAggregateTest {

    /** (window start, key) → summed partial counts, from what the operator emitted so far. */
    private static Map<String, Long> emitted(OneInputStreamOperatorTestHarness<String, GroupCount> h) {
        Map<String, Long> out = new HashMap<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord) {
                @SuppressWarnings("unchecked")
                StreamRecord<GroupCount> r = (StreamRecord<GroupCount>) o;
                out.merge(r.getTimestamp() + "/" + r.getValue().key, r.getValue().count, Long::sum);
            }
        }
        return out;
    }

    @Test
    void countsPerWindowAndGroupLeaveAtTheEndStampedWithTheWindowStart() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, GroupCount> h =
                new OneInputStreamOperatorTestHarness<>(new PreAggregate(60_000, 100))) {
            h.open();
            h.processElement(new StreamRecord<>("a", 1_000));
            h.processElement(new StreamRecord<>("a", 59_999));
            h.processElement(new StreamRecord<>("a", 60_000));
            h.processElement(new StreamRecord<>("b", 5_000));
            assertEquals(Map.of(), emitted(h), "nothing before the end of input");
            h.endInput();
            assertEquals(Map.of("0/a", 2L, "60000/a", 1L, "0/b", 1L), emitted(h));
        }
    }

    @Test
    void beyondItsLimitItSendsWhatItHoldsAndTheSumsStayRight() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, GroupCount> h =
                new OneInputStreamOperatorTestHarness<>(new PreAggregate(60_000, 2))) {
            h.open();
            for (String k : new String[] {"a", "b", "a", "c", "a", "b"}) {
                h.processElement(new StreamRecord<>(k, 1_000));
            }
            h.endInput();
            assertEquals(Map.of("0/a", 3L, "0/b", 2L, "0/c", 1L), emitted(h));
            long records = h.getOutput().stream().filter(o -> o instanceof StreamRecord).count();
            assertEquals(6, records, "sent whenever two groups were held: {a,b}, {a,c}, {a,b}");
        }
    }
}
