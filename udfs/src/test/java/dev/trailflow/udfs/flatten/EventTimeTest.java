package dev.trailflow.udfs.flatten;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EventTimeTest {

    @ParameterizedTest
    @CsvSource({
        "2024-09-27T20:07:35Z, 2024-09-27T20:07:35Z",
        "2024-09-27 20:07:35, 2024-09-27T20:07:35Z",
        "2024-09-27t20:07:35z, 2024-09-27T20:07:35Z",
        "2024-09-27T20:07:35.1Z, 2024-09-27T20:07:35.100Z",
        "2024-09-27T20:07:35.123456789Z, 2024-09-27T20:07:35.123Z",
        "2024-09-27 20:07:35.999, 2024-09-27T20:07:35.999Z",
        "2024-09-27T22:07:35+02:00, 2024-09-27T20:07:35Z",
        "2024-09-27T22:07:35+0200, 2024-09-27T20:07:35Z",
        "2024-09-27T18:07:35-02, 2024-09-27T20:07:35Z",
        "2024-09-28T01:37:35.5+05:30, 2024-09-27T20:07:35.500Z",
        "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z",
        "1969-12-31T23:59:59.999Z, 1969-12-31T23:59:59.999Z",
    })
    void acceptsTheDocumentedSpellings(String text, String instant) {
        assertEquals(Instant.parse(instant).toEpochMilli(), EventTime.parseMillis(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ThisIsAWrongEventTime", "2024-09-27", "2024-09-27T20:07", "2024-09-27T20:07:35 ",
        " 2024-09-27T20:07:35Z", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-09-27T24:00:00Z",
        "2024-09-27T20:60:00Z", "2024-09-27T20:07:60Z", "2024-09-27T20:07:35.Z", "2024-09-27T20:07:35.1234567890Z",
        "2024-09-27T20:07:35+2", "2024-09-27T20:07:35+02:", "2024-09-27T20:07:35+02:60", "2024-09-27T20:07:35ZZ",
        "2024/09/27T20:07:35Z", "2024-09-27X20:07:35Z", "...", "redacted", "1727467655"})
    void rejectsEverythingElse(String text) {
        assertEquals(EventTime.INVALID, EventTime.parseMillis(text));
    }

    @Test
    void agreesWithJavaTimeOnRandomInstantsAndFormatsBack() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            long millis = r.nextLong(-2_000_000_000_000L, 5_000_000_000_000L);
            Instant at = Instant.ofEpochMilli(millis);
            LocalDateTime ldt = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
            String text = ldt.toLocalDate() + "T" + String.format("%02d:%02d:%02d.%03d", ldt.getHour(), ldt.getMinute(),
                    ldt.getSecond(), ldt.getNano() / 1_000_000) + "Z";
            assertEquals(millis, EventTime.parseMillis(text), text);
            assertEquals(text, EventTime.formatIsoMillis(millis));
        }
    }

    @Test
    void formatsTheRollupTimeLikeTheFlintView() {
        long t = Instant.parse("2024-09-27T21:30:00Z").toEpochMilli();
        assertEquals("2024-09-27T21:30:00.000000+0000", EventTime.formatRollupTime(t));
        assertEquals("2024.09.27", EventTime.formatIndexDay(t));
        assertEquals("1969.12.31", EventTime.formatIndexDay(-1));
    }
}
