package io.cepheus.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.Event;
import io.cepheus.dsl.FieldType;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.runtime.EventDecoder;
import io.cepheus.server.runtime.RejectedEventException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The streaming decoder accepts what the tree-model decoder before it accepted, with the same
 * values, and rejects what it rejected, with the same message (Jackson's own syntax messages aside):
 * random records of every field type,
 * valid and not, in random member orders with undeclared and repeated members, some cut short or
 * with a character replaced. Left out are the inputs whose handling changed on purpose (numbers and
 * times out of range, bytes that are not UTF-8); where the old decoder crashed, the new one rejects.
 */
class DecoderEquivalenceTest {

    static final StreamLayout STREAM = new StreamLayout("s", null, "ts", null, Duration.ZERO, null, null, List.of(
            new StreamLayout.Field("name", FieldType.STRING, 0),
            new StreamLayout.Field("count", FieldType.LONG, 1),
            new StreamLayout.Field("amount", FieldType.DECIMAL, 2),
            new StreamLayout.Field("ratio", FieldType.DOUBLE, 3),
            new StreamLayout.Field("ok", FieldType.BOOL, 4),
            new StreamLayout.Field("wait", FieldType.DURATION, 5),
            new StreamLayout.Field("ts", FieldType.TIMESTAMP, 6)));

    /** Per field, values it accepts. */
    static final String[][] GOOD = {
        {"\"abc\"", "\"\"", "\"a\\\"b\\u00e9\"", "12", "-7", "12.50", "1e3", "null"},
        {"3", "-3", "0", "3.0", "1e3", "\"42\"", "\" 42 \"", "9223372036854775807", "-9223372036854775808", "null"},
        {"12.50", "-0.00", "7", "\"7.10\"", "\" 7.10 \"", "1e2", "1E-2", "123456789012345678901234567890.5"},
        {"0.5", "1", "-2.25e3", "\"0.1\"", "null", "0.1e-5", "17976931348623157e292"},
        {"true", "false", "null"},
        {"300000", "\"PT5M\"", "\"P1D\"", "\"-PT1S\"", "2.0", "-1"},
        {"1772359200000", "\"2026-03-01T10:00:00Z\"", "\"2026-03-01T10:00:00.123456Z\"", "\"2026-03-01T11:00:00+01:00\"",
            "\"2026-03-01T10:00Z\"", "\"2026-03-01t10:00:00z\"", "1772359200000.0", "-5", "\"2026-03-01T24:00:00Z\"",
            "\" 2026-03-01T10:00:00Z \"", "\"2024-02-29T23:59:59.999-18:00\"", "\"1969-12-31T23:59:59.9999Z\""},
    };

    /** Per field, values it rejects. */
    static final String[][] BAD = {
        {"true", "[1,2]", "{\"a\":1}"},
        {"2.5", "\"4.5\"", "\"x\"", "true", "[1]"},
        {"\"12,50\"", "false", "{}", "\"\""},
        {"\"nan\"", "[]"},
        {"\"true\"", "1"},
        {"\"5 minutes\"", "2.5", "[\"PT5M\"]"},
        {"\"yesterday\"", "\"1772359200000\"", "1.5", "null", "\"2026-02-30T10:00:00Z\""},
    };

    static final String[] UNDECLARED = {"\"x\":1", "\"meta\":{\"a\":[1,{\"b\":null}]}", "\"tags\":[]", "\"n\":null"};

    final EventDecoder streaming = new EventDecoder(STREAM);
    final LegacyTreeDecoder tree = new LegacyTreeDecoder(STREAM);

    @Test
    void decodesAsTheTreeModelDecoderDid() {
        SplittableRandom random = new SplittableRandom(11);
        int accepted = 0;
        int rejected = 0;
        for (int n = 0; n < 30_000; n++) {
            String line = mutate(record(random), random);
            long id = n;
            String legacy = outcome(() -> tree.decode(line, id));
            String current = outcome(() -> streaming.decode(line, id));
            if (legacy.startsWith("crashed")) {
                // e.g. an exponent of 20 digits: NumberFormatException out of the tree model
                assertThat(current).as(line).startsWith("rejected: ");
                continue;
            }
            if (changedOnPurpose(current)) {
                continue;
            }
            assertThat(syntaxErrorsAsSuch(current)).as(line).isEqualTo(syntaxErrorsAsSuch(legacy));
            if (legacy.startsWith("event")) {
                accepted++;
            } else {
                rejected++;
            }
        }
        assertThat(accepted).as("accepted").isGreaterThan(6_000);
        assertThat(rejected).as("rejected").isGreaterThan(3_000);
    }

    @Test
    void decodesTheCardTestingPaymentsAsTheTreeModelDecoderDid() throws Exception {
        for (CardTestingEvents.TimeFormat format : CardTestingEvents.TimeFormat.values()) {
            CardTestingEvents events = new CardTestingEvents(3, format);
            EventDecoder s = new EventDecoder(CardTestingEvents.layout());
            LegacyTreeDecoder t = new LegacyTreeDecoder(CardTestingEvents.layout());
            for (int n = 0; n < 5_000; n++) {
                String line = events.next();
                assertThat(describe(s.decode(line, n))).as(line).isEqualTo(describe(t.decode(line, n)));
            }
        }
    }

    private static String record(SplittableRandom random) {
        List<String> members = new ArrayList<>();
        for (int f = 0; f < GOOD.length; f++) {
            int copies = random.nextInt(10) == 0 ? 2 : random.nextInt(8) == 0 ? 0 : 1;
            for (int c = 0; c < copies; c++) {
                String[] pool = random.nextInt(20) == 0 ? BAD[f] : GOOD[f];
                members.add("\"" + STREAM.fields().get(f).name() + "\":" + pool[random.nextInt(pool.length)]);
            }
        }
        for (int u = random.nextInt(3); u > 0; u--) {
            members.add(UNDECLARED[random.nextInt(UNDECLARED.length)]);
        }
        if (random.nextBoolean()) {
            Collections.shuffle(members, new java.util.Random(random.nextLong()));
        }
        return "{" + String.join(random.nextInt(4) == 0 ? ", " : ",", members) + "}";
    }

    private static String mutate(String line, SplittableRandom random) {
        return switch (random.nextInt(12)) {
            case 0 -> line.substring(0, random.nextInt(line.length()));
            case 1 -> {
                char[] c = line.toCharArray();
                c[random.nextInt(c.length)] = "{}[]\":,.-0aeE tn\\".charAt(random.nextInt(17));
                yield new String(c);
            }
            case 2 -> line + new String[] {" {}", " 1", "x", " ", "]", ",{\"ts\":1}"}[random.nextInt(6)];
            case 3 -> new String[] {"[1,2]", "null", "\"text\"", "12", "", " ", "[]", "true"}[random.nextInt(8)];
            default -> line;
        };
    }

    /**
     * Jackson words some syntax errors differently when it reads bytes than when it reads text
     * ({@code Unexpected end-of-input in field name} against {@code ... was expecting closing '"'
     * for name}), and places an unrecognized token one column further; so syntax errors are
     * compared as such.
     */
    private static String syntaxErrorsAsSuch(String outcome) {
        return outcome.startsWith("rejected: not valid JSON at column ") ? "rejected: not valid JSON" : outcome;
    }

    /** A mutation made a number or a time out of the bounds the streaming decoder enforces. */
    private static boolean changedOnPurpose(String outcome) {
        return outcome.contains(": expected a number of at most 100 digits")
                || outcome.contains(": expected a whole number from ")
                || outcome.contains(": expected a time from ")
                || outcome.contains(": expected a duration shorter than ");
    }

    interface Decode {
        Event run() throws Exception;
    }

    private static String outcome(Decode decode) {
        try {
            return describe(decode.run());
        } catch (RejectedEventException | LegacyTreeDecoder.Rejected e) {
            return "rejected: " + e.getMessage();
        } catch (RuntimeException e) {
            return "crashed: " + e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String describe(Event e) {
        List<String> values = new ArrayList<>();
        for (Object v : e.values()) {
            values.add(v == null ? "null" : v.getClass().getSimpleName() + ":" + v);
        }
        return "event " + e.id() + " @" + e.timestamp() + " " + values;
    }
}
