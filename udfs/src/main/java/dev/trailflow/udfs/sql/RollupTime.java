package dev.trailflow.udfs.sql;

import dev.trailflow.udfs.flatten.EventTime;
import java.time.Instant;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code ROLLUP_TIME(window_start)}: a rollup's {@code start_time} (or {@code end_time}) as the Flint view
 * wrote it, {@code 2024-09-27T21:30:00.000000+0000}, whatever the session's time zone.
 */
public final class RollupTime extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public String eval(@DataTypeHint("TIMESTAMP_LTZ(3)") Instant time) {
        return time == null ? null : EventTime.formatRollupTime(time.toEpochMilli());
    }
}
