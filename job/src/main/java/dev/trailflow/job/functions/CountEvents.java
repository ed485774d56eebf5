package dev.trailflow.job.functions;

import dev.trailflow.udfs.flatten.CloudTrailRecord;
import org.apache.flink.api.common.functions.AggregateFunction;

/** The incremental count of a window: one long of state per group, whatever the number of events. */
public class CountEvents implements AggregateFunction<CloudTrailRecord, Long, Long> {

    private static final long serialVersionUID = 1L;

    @Override
    public Long createAccumulator() {
        return 0L;
    }

    @Override
    public Long add(CloudTrailRecord value, Long acc) {
        return acc + 1;
    }

    @Override
    public Long getResult(Long acc) {
        return acc;
    }

    @Override
    public Long merge(Long a, Long b) {
        return a + b;
    }
}
