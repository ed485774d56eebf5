package dev.trailflow.job.functions;

import dev.trailflow.job.records.GroupCount;
import dev.trailflow.udfs.flatten.RollupDimensions;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * A bounded run's counts per window and group, made before the shuffle: BATCH mode sorts every record
 * it shuffles to the windows, and a day of CloudTrail has several events per group and window, so
 * partial counts shrink what is serialized and sorted. At most {@code maxGroups} are held; beyond
 * that they are sent on as they are (the windows add partial counts up), so memory stays bounded
 * whatever the number of groups. Only for bounded input: a streaming run must not hold counts back.
 */
public class PreAggregate extends AbstractStreamOperator<GroupCount>
        implements OneInputStreamOperator<String, GroupCount>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final int maxGroups;
    private transient Map<Long, Map<String, long[]>> counts;
    private transient int held;

    public PreAggregate(long windowMillis, int maxGroups) {
        this.windowMillis = windowMillis;
        this.maxGroups = maxGroups;
        // A plain operator starts its own chain; chained, the group keys reach it without being
        // serialized, and in BATCH mode without a blocking exchange of a million records.
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    public void open() throws Exception {
        super.open();
        counts = new HashMap<>();
        held = 0;
    }

    @Override
    public void processElement(StreamRecord<String> element) {
        long window = RollupDimensions.windowStart(element.getTimestamp(), windowMillis);
        Map<String, long[]> groups = counts.computeIfAbsent(window, w -> new HashMap<>());
        long[] c = groups.get(element.getValue());
        if (c == null) {
            groups.put(element.getValue(), new long[] {1});
            if (++held >= maxGroups) {
                flush();
            }
        } else {
            c[0]++;
        }
    }

    @Override
    public void endInput() {
        flush();
    }

    /** Each partial count leaves stamped with its window's start, so the windows assign it alike. */
    private void flush() {
        StreamRecord<GroupCount> out = new StreamRecord<>(null);
        for (Map.Entry<Long, Map<String, long[]>> w : counts.entrySet()) {
            for (Map.Entry<String, long[]> g : w.getValue().entrySet()) {
                output.collect(out.replace(new GroupCount(g.getKey(), g.getValue()[0]), w.getKey()));
            }
        }
        counts.clear();
        held = 0;
    }
}
