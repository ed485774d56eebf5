package dev.trailflow.job.functions;

import dev.trailflow.job.records.GroupCount;

/** A window's count from partial counts ({@link PreAggregate}): their sum. */
public class SumCounts extends GroupCountAggregate<GroupCount> {

    private static final long serialVersionUID = 1L;

    @Override
    public GroupCount add(GroupCount partial, GroupCount acc) {
        acc.key = partial.key;
        acc.count += partial.count;
        return acc;
    }
}
