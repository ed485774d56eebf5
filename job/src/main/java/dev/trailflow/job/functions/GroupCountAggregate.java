package dev.trailflow.job.functions;

import dev.trailflow.job.records.GroupCount;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * A window's count of one group, with the group's key to name it (the window is keyed by a hash of
 * the key, so the key itself rides along); subclasses say what one input adds.
 */
abstract class GroupCountAggregate<IN> implements AggregateFunction<IN, GroupCount, GroupCount> {

    private static final long serialVersionUID = 1L;

    @Override
    public GroupCount createAccumulator() {
        return new GroupCount(null, 0);
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
