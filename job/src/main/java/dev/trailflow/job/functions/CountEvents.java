package dev.trailflow.job.functions;

import dev.trailflow.job.records.GroupCount;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * The incremental count of a window: a long and the group's key per group, whatever the number of
 * events (the window is keyed by a hash of the key, so the key itself rides along).
 */
public class CountEvents implements AggregateFunction<String, GroupCount, GroupCount> {

    private static final long serialVersionUID = 1L;

    @Override
    public GroupCount createAccumulator() {
        return new GroupCount(null, 0);
    }

    @Override
    public GroupCount add(String groupKey, GroupCount acc) {
        acc.key = groupKey;
        acc.count++;
        return acc;
    }

    @Override
    public GroupCount getResult(GroupCount acc) {
        return acc;
    }

    @Override
    public GroupCount merge(GroupCount a, GroupCount b) {
        return new GroupCount(a.key != null ? a.key : b.key, a.count + b.count);
    }
}
