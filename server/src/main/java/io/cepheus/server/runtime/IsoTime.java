package io.cepheus.server.runtime;

/**
 * Reads the usual form of an ISO-8601 timestamp without java.time: {@code yyyy-MM-ddTHH:mm:ss},
 * an optional fraction of one to nine digits, then {@code Z} or an offset {@code ±HH:MM} (at most
 * 18:00), e.g. {@code 2026-03-01T10:00:00Z} or {@code 2026-03-01T11:00:00.250+01:00}.
 *
 * <p>Design: a fixed-position scan of the characters, then days from the civil date by Howard
 * Hinnant's {@code days_from_civil} (http://howardhinnant.github.io/date_algorithms.html), which is
 * exact for the proleptic Gregorian calendar java.time uses. Anything outside this form — lower-case
 * {@code t} or {@code z}, no seconds, 24:00, a leap second, a year of more or fewer than four
 * digits, surrounding spaces, an invalid day — gives {@link #NOT_FAST}, and the caller parses with
 * java.time, which decides what is accepted. So this class accepts only text java.time accepts and
 * gives the same instant (truncated to milliseconds as {@code Instant.toEpochMilli} does); {@code
 * IsoTimeTest} checks both against each other. Stateless, no allocation.
 *
 * <p>{@link #format} writes the other way what {@link java.time.Instant#toString()} writes for an
 * epoch-millisecond instant of the years 0000 to 9999 (civil date by Hinnant's {@code
 * civil_from_days}); other years go to java.time.
 */
final class IsoTime {

    /** Not in the fast form: parse with java.time. */
    static final long NOT_FAST = Long.MIN_VALUE;

    private static final int[] DAYS_IN_MONTH = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in epoch milliseconds. */
    private static final long FIRST_FAST = -62_167_219_200_000L;
    private static final long END_FAST = 253_402_300_800_000L;

    private IsoTime() {}

    /** {@code Instant.ofEpochMilli(epochMillis).toString()}. */
    static String format(long epochMillis) {
        if (epochMillis < FIRST_FAST || epochMillis >= END_FAST) {
            return java.time.Instant.ofEpochMilli(epochMillis).toString();
        }
        long days = Math.floorDiv(epochMillis, 86_400_000L);
        int millisOfDay = (int) Math.floorMod(epochMillis, 86_400_000L);
        long z = days + 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        int dayOfEra = (int) (z - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int mp = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);
        int millis = millisOfDay % 1000;
        int seconds = millisOfDay / 1000;
        byte[] b = new byte[millis == 0 ? 20 : 24];
        put(b, 0, year / 100);
        put(b, 2, year % 100);
        b[4] = '-';
        put(b, 5, month);
        b[7] = '-';
        put(b, 8, day);
        b[10] = 'T';
        put(b, 11, seconds / 3600);
        b[13] = ':';
        put(b, 14, seconds / 60 % 60);
        b[16] = ':';
        put(b, 17, seconds % 60);
        if (millis != 0) {
            b[19] = '.';
            b[20] = (byte) ('0' + millis / 100);
            put(b, 21, millis % 100);
        }
        b[b.length - 1] = 'Z';
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void put(byte[] b, int at, int twoDigits) {
        b[at] = (byte) ('0' + twoDigits / 10);
        b[at + 1] = (byte) ('0' + twoDigits % 10);
    }

    /** Epoch milliseconds of {@code c[off, off + len)}, or {@link #NOT_FAST}. */
    static long parse(char[] c, int off, int len) {
        if (len < 20 || len > 35) {
            return NOT_FAST;
        }
        int year = digits4(c, off);
        int month = digits2(c, off + 5);
        int day = digits2(c, off + 8);
        int hour = digits2(c, off + 11);
        int minute = digits2(c, off + 14);
        int second = digits2(c, off + 17);
        if ((year | month | day | hour | minute | second) < 0 || c[off + 4] != '-' || c[off + 7] != '-'
                || c[off + 10] != 'T' || c[off + 13] != ':' || c[off + 16] != ':'
                || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59) {
            return NOT_FAST;
        }
        int i = off + 19;
        int end = off + len;
        int millis = 0;
        if (c[i] == '.') {
            i++;
            int start = i;
            int fraction = 0;
            while (i < end && c[i] >= '0' && c[i] <= '9') {
                if (i - start < 3) {
                    fraction = fraction * 10 + (c[i] - '0');
                }
                i++;
            }
            int n = i - start;
            if (n < 1 || n > 9) {
                return NOT_FAST;
            }
            millis = n == 1 ? fraction * 100 : n == 2 ? fraction * 10 : fraction;
        }
        int offsetSeconds = offset(c, i, end);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return NOT_FAST;
        }
        long seconds = daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * 1000 + millis;
    }

    /** {@code Z} → 0, {@code ±HH:MM} → seconds east of UTC, anything else → Integer.MIN_VALUE. */
    private static int offset(char[] c, int i, int end) {
        if (end - i == 1 && c[i] == 'Z') {
            return 0;
        }
        if (end - i != 6 || (c[i] != '+' && c[i] != '-') || c[i + 3] != ':') {
            return Integer.MIN_VALUE;
        }
        int hours = digits2(c, i + 1);
        int minutes = digits2(c, i + 4);
        if (hours < 0 || minutes < 0 || minutes > 59 || hours > 18 || (hours == 18 && minutes > 0)) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3600 + minutes * 60;
        return c[i] == '-' ? -seconds : seconds;
    }

    /** Days since 1970-01-01 (Hinnant's days_from_civil). */
    static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) {
            return 29;
        }
        return DAYS_IN_MONTH[month];
    }

    private static int digits2(char[] c, int i) {
        int a = c[i] - '0';
        int b = c[i + 1] - '0';
        if ((a | b) < 0 || a > 9 || b > 9) {
            return -1;
        }
        return a * 10 + b;
    }

    private static int digits4(char[] c, int i) {
        int high = digits2(c, i);
        int low = digits2(c, i + 2);
        return (high | low) < 0 ? -1 : high * 100 + low;
    }
}
