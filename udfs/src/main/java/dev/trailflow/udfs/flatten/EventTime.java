package dev.trailflow.udfs.flatten;

/**
 * The lenient ISO-8601 reading of CloudTrail's {@code eventTime} (SPEC §3) and the timestamp spellings
 * the documents use. Hand-written rather than {@code DateTimeFormatter}: it runs once per event on the
 * hot path, and accepting exactly one documented grammar is easier to reason about than a pattern with
 * optional sections.
 *
 * <p>Grammar: {@code YYYY-MM-DD} then {@code T}, {@code t} or one space, {@code HH:MM:SS}, an optional
 * fraction of 1 to 9 digits, and an optional zone {@code Z}, {@code z}, {@code ±HH:MM}, {@code ±HHMM} or
 * {@code ±HH}. No zone means UTC. Fractions finer than a millisecond are truncated.
 */
public final class EventTime {

    /** Returned by {@link #parseMillis} when the text is not a valid time. */
    public static final long INVALID = Long.MIN_VALUE;

    private EventTime() {}

    public static long parseMillis(CharSequence s) {
        int len = s.length();
        if (len < 19) {
            return INVALID;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        char sep = s.charAt(10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59
                || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':'
                || (sep != 'T' && sep != 't' && sep != ' ')
                || day > daysInMonth(year, month)) {
            return INVALID;
        }
        int i = 19;
        int millis = 0;
        if (i < len && s.charAt(i) == '.') {
            i++;
            int start = i;
            while (i < len && isDigit(s.charAt(i))) {
                if (i - start < 3) {
                    millis = millis * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int n = i - start;
            if (n == 0 || n > 9) {
                return INVALID;
            }
            for (int k = n; k < 3; k++) {
                millis *= 10;
            }
        }
        int offsetSeconds = 0;
        if (i < len) {
            char z = s.charAt(i);
            if (z == 'Z' || z == 'z') {
                i++;
            } else if (z == '+' || z == '-') {
                int oh = digits(s, i + 1, 2);
                if (oh < 0 || oh > 23) {
                    return INVALID;
                }
                int om = 0;
                i += 3;
                if (i < len) {
                    if (s.charAt(i) == ':') {
                        i++;
                    }
                    om = digits(s, i, 2);
                    if (om < 0 || om > 59) {
                        return INVALID;
                    }
                    i += 2;
                }
                offsetSeconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
            } else {
                return INVALID;
            }
        }
        if (i != len) {
            return INVALID;
        }
        long days = daysFromCivil(year, month, day);
        long seconds = days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * 1000L + millis;
    }

    /** {@code 2024-09-27T20:07:35.000Z}: the raw record's {@code @timestamp}. */
    public static String formatIsoMillis(long epochMillis) {
        StringBuilder b = new StringBuilder(24);
        appendDateTime(b, epochMillis, 'T');
        b.append('.');
        pad(b, (int) Math.floorMod(epochMillis, 1000L), 3);
        return b.append('Z').toString();
    }

    /** {@code 2024-09-27T21:30:00.000000+0000}: the Flint materialized view's {@code start_time}. */
    public static String formatRollupTime(long epochMillis) {
        StringBuilder b = new StringBuilder(31);
        appendDateTime(b, epochMillis, 'T');
        b.append('.');
        pad(b, (int) Math.floorMod(epochMillis, 1000L), 3);
        return b.append("000+0000").toString();
    }

    /** {@code 2024.09.27}: the day of an event, for daily raw indices. */
    public static String formatIndexDay(long epochMillis) {
        long days = Math.floorDiv(epochMillis, 86_400_000L);
        int[] ymd = civilFromDays(days);
        StringBuilder b = new StringBuilder(10);
        pad(b, ymd[0], 4);
        b.append('.');
        pad(b, ymd[1], 2);
        b.append('.');
        pad(b, ymd[2], 2);
        return b.toString();
    }

    private static void appendDateTime(StringBuilder b, long epochMillis, char sep) {
        long secs = Math.floorDiv(epochMillis, 1000L);
        long days = Math.floorDiv(secs, 86_400L);
        int secOfDay = (int) Math.floorMod(secs, 86_400L);
        int[] ymd = civilFromDays(days);
        pad(b, ymd[0], 4);
        b.append('-');
        pad(b, ymd[1], 2);
        b.append('-');
        pad(b, ymd[2], 2);
        b.append(sep);
        pad(b, secOfDay / 3600, 2);
        b.append(':');
        pad(b, (secOfDay / 60) % 60, 2);
        b.append(':');
        pad(b, secOfDay % 60, 2);
    }

    private static void pad(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int k = s.length(); k < width; k++) {
            b.append('0');
        }
        b.append(s);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digits(CharSequence s, int from, int n) {
        if (from + n > s.length()) {
            return -1;
        }
        int v = 0;
        for (int k = from; k < from + n; k++) {
            char c = s.charAt(k);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days: exact proleptic Gregorian arithmetic.
    static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    static int[] civilFromDays(long z) {
        z += 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp + (mp < 10 ? 3 : -9);
        return new int[] {(int) (y + (m <= 2 ? 1 : 0)), (int) m, (int) d};
    }
}
