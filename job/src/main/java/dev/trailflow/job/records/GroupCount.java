package dev.trailflow.job.records;

/** A window's running count of one group, with the group's key to name it. A Flink POJO. */
public class GroupCount {

    /** {@link GroupKey} of the group. */
    public String key;
    public long count;

    public GroupCount() {}

    public GroupCount(String key, long count) {
        this.key = key;
        this.count = count;
    }
}
