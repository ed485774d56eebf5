package dev.trailflow.job.records;

import dev.trailflow.udfs.flatten.RollupDimensions;

/** The count of one (window, ten dimensions) group: one rollup document. A Flink POJO. */
public class Rollup {

    public long windowStart;
    public long windowEnd;
    /** In the order of {@link RollupDimensions#KEYS}; null where the events lack the field. */
    public String[] dimensions;
    public long count;
    /** 0 for the window's first emission; n for its n-th correction by late events. */
    public int emission;

    public Rollup() {}

    public Rollup(long windowStart, long windowEnd, String[] dimensions, long count, int emission) {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.dimensions = dimensions;
        this.count = count;
        this.emission = emission;
    }

    public String id() {
        return RollupDimensions.rollupId(windowStart, dimensions);
    }

    @Override
    public String toString() {
        return "Rollup{" + windowStart + " " + String.join("|", String.valueOf(dimensions == null ? null
                : java.util.Arrays.asList(dimensions))) + " = " + count + " (#" + emission + ")}";
    }
}
