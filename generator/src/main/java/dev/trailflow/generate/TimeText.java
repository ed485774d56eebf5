package dev.trailflow.generate;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Time spellings used in generated files. Hand-rolled for the per-event {@code eventTime}: it is the
 * one formatted on every event, and the day part is cached because consecutive events share it.
 */
final class TimeText {

    private static final DateTimeFormatter AWS_LONG =
            DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.US);
    private static final DateTimeFormatter AWS_SHORT =
            DateTimeFormatter.ofPattern("MMM d, yyyy h:mm:ss a", Locale.US);

    private long cachedDay = Long.MIN_VALUE;
    private final char[] day = new char[10];

    /** {@code 2024-09-27T20:07:35Z} into {@code out[0..20)}. */
    void isoSeconds(long epochSecond, char[] out) {
        writeDay(epochSecond, out);
        out[10] = 'T';
        writeClock(epochSecond, out, 11);
        out[19] = 'Z';
    }

    /** {@code 2024-09-27} then {@code sep} then {@code 20:07:35} into {@code out[0..19)}. */
    void dateTime(long epochSecond, char sep, char[] out) {
        writeDay(epochSecond, out);
        out[10] = sep;
        writeClock(epochSecond, out, 11);
    }

    String isoSeconds(long epochSecond) {
        char[] out = new char[20];
        isoSeconds(epochSecond, out);
        return new String(out);
    }

    private void writeDay(long epochSecond, char[] out) {
        long d = Math.floorDiv(epochSecond, 86_400L);
        if (d != cachedDay) {
            LocalDate date = LocalDate.ofEpochDay(d);
            put4(day, 0, date.getYear());
            day[4] = '-';
            put2(day, 5, date.getMonthValue());
            day[7] = '-';
            put2(day, 8, date.getDayOfMonth());
            cachedDay = d;
        }
        System.arraycopy(day, 0, out, 0, 10);
    }

    private static void writeClock(long epochSecond, char[] out, int at) {
        int s = (int) Math.floorMod(epochSecond, 86_400L);
        put2(out, at, s / 3600);
        out[at + 2] = ':';
        put2(out, at + 3, (s / 60) % 60);
        out[at + 5] = ':';
        put2(out, at + 6, s % 60);
    }

    static void put2(char[] a, int at, int v) {
        a[at] = (char) ('0' + v / 10);
        a[at + 1] = (char) ('0' + v % 10);
    }

    static void put4(char[] a, int at, int v) {
        a[at] = (char) ('0' + v / 1000);
        a[at + 1] = (char) ('0' + (v / 100) % 10);
        a[at + 2] = (char) ('0' + (v / 10) % 10);
        a[at + 3] = (char) ('0' + v % 10);
    }

    /** {@code 20240927T2007Z}: the stamp in a log file's name. */
    static String fileStamp(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%04d%02d%02dT%02d%02dZ",
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute());
    }

    /** {@code 20240927T200735Z}: the stamp in a digest file's name. */
    static String digestStamp(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%04d%02d%02dT%02d%02d%02dZ",
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
    }

    /** {@code 2024/09/27}: the date folders of a key. */
    static String datePath(long epochSecond) {
        LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L));
        return String.format(Locale.ROOT, "%04d/%02d/%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    /** {@code Sep 27, 2024, 9:07:35 PM}: how STS writes credential expirations. */
    static String awsLong(long epochSecond) {
        return AWS_LONG.format(LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC));
    }

    /** {@code Sep 27, 2024 9:07:35 PM}: how IAM writes create dates. */
    static String awsShort(long epochSecond) {
        return AWS_SHORT.format(LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC));
    }
}
