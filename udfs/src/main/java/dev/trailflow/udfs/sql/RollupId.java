package dev.trailflow.udfs.sql;

import dev.trailflow.udfs.flatten.RollupDimensions;
import java.time.Instant;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code ROLLUP_ID(window_start, <the ten dimensions>)}: the rollup document's {@code _id}, the same the
 * DataStream job gives the same group, so SQL and job write the same documents.
 */
public final class RollupId extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public String eval(@DataTypeHint("TIMESTAMP_LTZ(3)") Instant windowStart, String userIdentityType,
            String userIdentityAccountId, String sessionIssuerUserName, String sessionIssuerArn,
            String sessionIssuerType, String awsRegion, String sourceIPAddress, String eventSource, String eventName,
            String eventCategory) {
        if (windowStart == null) {
            return null;
        }
        return RollupDimensions.rollupId(windowStart.toEpochMilli(), new String[] {userIdentityType,
            userIdentityAccountId, sessionIssuerUserName, sessionIssuerArn, sessionIssuerType, awsRegion,
            sourceIPAddress, eventSource, eventName, eventCategory});
    }
}
