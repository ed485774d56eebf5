package dev.trailflow.udfs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trailflow.udfs.flatten.RollupDimensions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cloudtrail format and the functions through a real TableEnvironment (batch, embedded). */
class CloudTrailSqlTest {

    @TempDir
    Path dir;

    private static String event(String id, String time, String user) {
        return "{\"eventVersion\":\"1.08\",\"eventTime\":\"" + time + "\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"eventName\":\"GetObject\",\"eventID\":\"" + id + "\",\"awsRegion\":\"us-east-1\",\"userIdentity\":"
                + "{\"type\":\"IAMUser\",\"accountId\":\"111122223333\",\"userName\":\"" + user + "\"}}";
    }

    private TableEnvironment tables() {
        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        t.getConfig().set("table.local-time-zone", "UTC");
        t.getConfig().set("parallelism.default", "1");
        t.executeSql("CREATE TEMPORARY FUNCTION ROLLUP_ID AS '" + RollupId.class.getName() + "'");
        t.executeSql("CREATE TEMPORARY FUNCTION ROLLUP_TIME AS '" + RollupTime.class.getName() + "'");
        t.executeSql("CREATE TEMPORARY FUNCTION FLATTEN_EVENT AS '" + FlattenEvent.class.getName() + "'");
        return t;
    }

    private static List<Row> collect(TableEnvironment t, String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = t.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void filesAreDecodedByContentIntoRowsOfEveryKind() throws Exception {
        byte[] log = ("{\"Records\":[" + event("a", "2024-09-27T21:30:05Z", "alice") + ","
                + event("b", "2024-09-27T21:31:00Z", "alice") + "," + event("c", "2024-09-27T21:36:00Z", "bob") + "]}")
                .getBytes(StandardCharsets.UTF_8);
        try (GZIPOutputStream z = new GZIPOutputStream(Files.newOutputStream(dir.resolve("no-suffix-but-gzip")))) {
            z.write(log);
        }
        Files.write(dir.resolve("cut.json"), "{\"Records\":[{\"eventVersion\":\"1.0".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("digest.json"), "{\"digestStartTime\":\"x\",\"logFiles\":[]}".getBytes(StandardCharsets.UTF_8));

        TableEnvironment t = tables();
        t.executeSql("CREATE TEMPORARY TABLE ct (kind STRING, event_id STRING, event_time TIMESTAMP_LTZ(3), "
                + "user_identity_type STRING, user_identity_account_id STRING, session_issuer_user_name STRING, "
                + "session_issuer_arn STRING, session_issuer_type STRING, aws_region STRING, source_ip_address STRING, "
                + "event_source STRING, event_name STRING, event_category STRING, reason_code STRING, skip_kind STRING) "
                + "WITH ('connector' = 'filesystem', 'path' = '" + dir.toUri() + "', 'format' = 'cloudtrail')");

        Map<String, Long> kinds = new HashMap<>();
        for (Row r : collect(t, "SELECT kind, COALESCE(reason_code, skip_kind, ''), COUNT(*) FROM ct GROUP BY kind, "
                + "COALESCE(reason_code, skip_kind, '')")) {
            kinds.put(r.getField(0) + "/" + r.getField(1), (Long) r.getField(2));
        }
        assertEquals(Map.of("event/", 3L, "dead_letter/json_syntax", 1L, "skip/digest", 1L), kinds);

        List<Row> windows = collect(t, "SELECT ROLLUP_ID(window_start, user_identity_type, user_identity_account_id, "
                + "session_issuer_user_name, session_issuer_arn, session_issuer_type, aws_region, source_ip_address, "
                + "event_source, event_name, event_category), ROLLUP_TIME(window_start), COUNT(*) "
                + "FROM TABLE(TUMBLE(TABLE ct, DESCRIPTOR(event_time), INTERVAL '5' MINUTE)) WHERE kind = 'event' "
                + "GROUP BY window_start, window_end, user_identity_type, user_identity_account_id, "
                + "session_issuer_user_name, session_issuer_arn, session_issuer_type, aws_region, source_ip_address, "
                + "event_source, event_name, event_category ORDER BY 2");
        assertEquals(2, windows.size());
        assertEquals("2024-09-27T21:30:00.000000+0000", windows.get(0).getField(1));
        assertEquals(2L, windows.get(0).getField(2));
        assertEquals(RollupDimensions.rollupId(java.time.Instant.parse("2024-09-27T21:30:00Z").toEpochMilli(),
                new String[] {"IAMUser", "111122223333", null, null, null, "us-east-1", null, "s3.amazonaws.com",
                    "GetObject", null}), windows.get(0).getField(0), "the job's id for the same group");
    }

    @Test
    void flattenEventWorksOnAnyStringColumn() throws Exception {
        List<Row> rows = collect(tables(), "SELECT FLATTEN_EVENT(j) FROM (VALUES ('" + event("z", "2024-09-27T00:00:00Z",
                "carol") + "'), ('{}')) AS v(j)");
        assertTrue(String.valueOf(rows.get(0).getField(0)).contains("\"userIdentity.userName\":\"carol\""));
        assertEquals(null, rows.get(1).getField(0));
    }

    @Test
    void anUnknownColumnIsRefusedNamingWhatIsAccepted() {
        TableEnvironment t = tables();
        t.executeSql("CREATE TEMPORARY TABLE bad (kind STRING, colour STRING) WITH ('connector' = 'filesystem', "
                + "'path' = '" + dir.toUri() + "', 'format' = 'cloudtrail')");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> collect(t, "SELECT * FROM bad"));
        Throwable root = e;
        while (!(root instanceof ValidationException) && root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("no column 'colour'") && root.getMessage().contains("event_time"),
                root.getMessage());
    }
}
