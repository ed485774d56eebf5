package dev.trailflow.job.functions;

import dev.trailflow.job.records.GroupCount;
import dev.trailflow.job.records.GroupKey;
import dev.trailflow.job.records.Rollup;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a window's count into a rollup. A window fires again for each late event within the allowed
 * lateness; its per-window state tells a first emission from a correction, which is counted.
 */
public class BuildRollup extends ProcessWindowFunction<GroupCount, Rollup, Tuple2<Long, Long>, TimeWindow> {

    private static final long serialVersionUID = 1L;

    private final ValueStateDescriptor<Integer> emissions = new ValueStateDescriptor<>("emissions", Integer.class);
    private transient Counter rollupsOut;
    private transient Counter reEmitted;

    @Override
    public void open(OpenContext openContext) {
        rollupsOut = getRuntimeContext().getMetricGroup().addGroup("trailflow").counter("rollupsOut");
        reEmitted = getRuntimeContext().getMetricGroup().addGroup("trailflow").counter("lateRollupsReEmitted");
    }

    @Override
    public void process(Tuple2<Long, Long> hash, Context ctx, Iterable<GroupCount> counts, Collector<Rollup> out)
            throws Exception {
        GroupCount group = counts.iterator().next();
        ValueState<Integer> state = ctx.windowState().getState(emissions);
        Integer previous = state.value();
        int emission = previous == null ? 0 : previous + 1;
        state.update(emission);
        if (emission > 0) {
            reEmitted.inc();
        }
        rollupsOut.inc();
        TimeWindow w = ctx.window();
        out.collect(new Rollup(w.getStart(), w.getEnd(), GroupKey.decode(group.key), group.count, emission));
    }

    @Override
    public void clear(Context ctx) throws Exception {
        ctx.windowState().getState(emissions).clear();
    }
}
