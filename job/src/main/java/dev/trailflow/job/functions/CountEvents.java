package dev.trailflow.job.functions;

import dev.trailflow.job.records.GroupCount;

/** The incremental count of a window, one event (its group key) at a time. */
public class CountEvents extends GroupCountAggregate<String> {

    private static final long serialVersionUID = 1L;

    @Override
    public GroupCount add(String groupKey, GroupCount acc) {
        acc.key = groupKey;
        acc.count++;
        return acc;
    }
}
