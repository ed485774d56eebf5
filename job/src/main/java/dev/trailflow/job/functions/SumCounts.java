package dev.trailflow.job.functions;

import dev.trailflow.job.records.GroupCount;
import org.apache.flink.api.common.functions.AggregateFunction;

/** A window's count from partial counts ({@link PreAggregate}): their sum, and the group's key. */
public class SumCounts implements AggregateFunction<GroupCount, GroupCount, GroupCount> {

    private static final long serialVersionUID = 1L;

    @Override
    public GroupCount createAccumulator() {
        return new GroupCount(null, 0);
    }

    @Override
    public GroupCount add(GroupCount partial, GroupCount acc) {
        acc.key = partial.key;
        acc.count += partial.count;
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
