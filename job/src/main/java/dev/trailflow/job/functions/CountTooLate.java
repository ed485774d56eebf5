package dev.trailflow.job.functions;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Events later than the allowed lateness: their window is gone, so they only count here (they are in
 * the raw index already, which takes every event whatever its lateness).
 */
public class CountTooLate extends RichFlatMapFunction<String, Void> {

    private static final long serialVersionUID = 1L;

    private transient Counter tooLate;

    @Override
    public void open(OpenContext openContext) {
        tooLate = getRuntimeContext().getMetricGroup().addGroup("trailflow").counter("lateEventsTooLate");
    }

    @Override
    public void flatMap(String groupKey, Collector<Void> out) {
        tooLate.inc();
    }
}
