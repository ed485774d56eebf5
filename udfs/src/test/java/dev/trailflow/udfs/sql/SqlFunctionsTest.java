package dev.trailflow.udfs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trailflow.udfs.flatten.RollupDimensions;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The scalar functions called directly; {@link CloudTrailSqlTest} runs them through Flink SQL. */
class SqlFunctionsTest {

    @Test
    void rollupIdIsTheJobsIdForTheSameGroup() {
        Instant start = Instant.parse("2024-09-27T21:30:00Z");
        String id = new RollupId().eval(start, "AssumedRole", "111122223333", "admin", "arn:aws:iam::1:role/admin", "Role",
                "us-east-1", "10.0.0.1", "s3.amazonaws.com", "GetObject", "Data");
        assertEquals(RollupDimensions.rollupId(start.toEpochMilli(), new String[] {"AssumedRole", "111122223333", "admin",
            "arn:aws:iam::1:role/admin", "Role", "us-east-1", "10.0.0.1", "s3.amazonaws.com", "GetObject", "Data"}), id);
        assertNotEquals(id, new RollupId().eval(start, "AssumedRole", "111122223333", "admin", "arn:aws:iam::1:role/admin",
                "Role", "us-east-1", "10.0.0.1", "s3.amazonaws.com", "GetObject", null), "null is not a value");
        assertNull(new RollupId().eval(null, null, null, null, null, null, null, null, null, null, null));
    }

    @Test
    void rollupTimeIsTheFlintViewsSpelling() {
        assertEquals("2024-09-27T21:30:00.000000+0000", new RollupTime().eval(Instant.parse("2024-09-27T21:30:00Z")));
        assertNull(new RollupTime().eval(null));
    }

    @Test
    void flattenEventGivesTheRawDocumentOrNull() {
        FlattenEvent f = new FlattenEvent();
        String doc = f.eval("{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-09-27T21:30:05Z\",\"eventSource\":"
                + "\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"eventID\":\"e1\",\"userIdentity\":{\"type\":\"Root\","
                + "\"accountId\":\"1\"},\"requestParameters\":\"text\"}");
        assertTrue(doc.contains("\"userIdentity.type\":\"Root\""), doc);
        assertTrue(doc.contains("\"@timestamp\":\"2024-09-27T21:30:05.000Z\""), doc);
        assertTrue(doc.contains("\"requestParameters\":{\"_value\":\"text\"}"), doc);
        assertNull(f.eval("{\"Records\":[]}"), "not an event");
        assertNull(f.eval("{not json"));
        assertNull(f.eval(null));
    }
}
