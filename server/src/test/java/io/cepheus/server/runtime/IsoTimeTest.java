package io.cepheus.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IsoTimeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            2026-03-01T10:00:00Z            | 1772359200000
            2026-03-01T10:00:00.1Z          | 1772359200100
            2026-03-01T10:00:00.12Z         | 1772359200120
            2026-03-01T10:00:00.999999999Z  | 1772359200999
            2026-03-01T12:00:00+02:00       | 1772359200000
            2026-03-01T00:00:00-10:00       | 1772359200000
            2024-02-29T00:00:00Z            | 1709164800000
            1970-01-01T00:00:00Z            | 0
            1969-12-31T23:59:59.5Z          | -500
            0000-01-01T00:00:00Z            | -62167219200000
            9999-12-31T23:59:59.999Z        | 253402300799999
            2026-03-01T10:00:00+18:00       | 1772294400000
            """)
    void readsTheUsualForm(String text, long millis) {
        assertThat(IsoTime.parse(text.toCharArray(), 0, text.length())).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-01t10:00:00Z", "2026-03-01T10:00:00z", "2026-03-01T10:00Z", "2026-03-01T24:00:00Z",
        "2016-12-31T23:59:60Z", "2026-02-29T10:00:00Z", "2026-04-31T10:00:00Z", "2026-13-01T10:00:00Z",
        "+12026-03-01T10:00:00Z", " 2026-03-01T10:00:00Z", "2026-03-01T10:00:00.Z", "2026-03-01T10:00:00.1234567891Z",
        "2026-03-01T10:00:00+18:01", "2026-03-01T10:00:00+0100", "2026-03-01T10:00:00+01", "2026-03-01 10:00:00Z",
        "2026-03-01T10:00:00", "2026-03-01T1a:00:00Z", "１９７０-01-01T00:00:00Z"})
    void leavesEveryOtherFormToJavaTime(String text) {
        assertThat(IsoTime.parse(text.toCharArray(), 0, text.length())).isEqualTo(IsoTime.NOT_FAST);
    }

    @Test
    void agreesWithJavaTimeOnRandomTimesAndTheirMutations() {
        SplittableRandom random = new SplittableRandom(13);
        int fast = 0;
        for (int n = 0; n < 200_000; n++) {
            String text = randomTime(random);
            if (random.nextInt(3) == 0) {
                char[] c = text.toCharArray();
                c[random.nextInt(c.length)] = "0123456789:-+.TZ x".charAt(random.nextInt(18));
                text = new String(c);
            }
            long got = IsoTime.parse(("ab" + text + "cd").toCharArray(), 2, text.length());
            Long expected = javaTime(text);
            if (got != IsoTime.NOT_FAST) {
                fast++;
                assertThat(expected).as(text).isNotNull().isEqualTo(got);
            }
        }
        assertThat(fast).as("most random times take the fast path").isGreaterThan(100_000);
    }

    private static String randomTime(SplittableRandom r) {
        LocalDate date = LocalDate.ofEpochDay(r.nextLong(LocalDate.of(0, 1, 1).toEpochDay(),
                LocalDate.of(9999, 12, 31).toEpochDay() + 1));
        StringBuilder s = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", date.getYear(),
                date.getMonthValue(), date.getDayOfMonth(), r.nextInt(24), r.nextInt(60), r.nextInt(60)));
        int fraction = r.nextInt(10);
        if (fraction > 0) {
            s.append('.');
            for (int i = 0; i < fraction; i++) {
                s.append((char) ('0' + r.nextInt(10)));
            }
        }
        if (r.nextBoolean()) {
            s.append('Z');
        } else {
            int minutes = r.nextInt(-18 * 60, 18 * 60 + 1);
            s.append(String.format("%s%02d:%02d", minutes < 0 ? "-" : "+", Math.abs(minutes) / 60, Math.abs(minutes) % 60));
        }
        return s.toString();
    }

    /** What the decoder's fallback reads; null when java.time does not read it. */
    private static Long javaTime(String s) {
        try {
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e) {
                return OffsetDateTime.parse(s).toInstant().toEpochMilli();
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }
}
