package io.cepheus.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cepheus.core.Event;
import io.cepheus.dsl.FieldType;
import io.cepheus.dsl.StreamLayout;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventDecoderTest {

    static final StreamLayout STREAM = stream(null);

    final EventDecoder decoder = new EventDecoder(STREAM);

    static StreamLayout stream(String timeFormat) {
        return new StreamLayout("s", null, "ts", timeFormat, Duration.ZERO, null, null, List.of(
                new StreamLayout.Field("name", FieldType.STRING, 0),
                new StreamLayout.Field("count", FieldType.LONG, 1),
                new StreamLayout.Field("amount", FieldType.DECIMAL, 2),
                new StreamLayout.Field("ratio", FieldType.DOUBLE, 3),
                new StreamLayout.Field("ok", FieldType.BOOL, 4),
                new StreamLayout.Field("wait", FieldType.DURATION, 5),
                new StreamLayout.Field("ts", FieldType.TIMESTAMP, 6)));
    }

    @Test
    void decodesEveryTypeIntoTheStreamsLayout() throws RejectedEventException {
        Event e = decoder.decode("{\"name\":\"x\",\"count\":3,\"amount\":12.50,\"ratio\":0.5,\"ok\":true,"
                + "\"wait\":\"PT5M\",\"ts\":\"2026-03-01T10:00:00Z\",\"extra\":[1,2]}", 7);

        assertThat(e.id()).isEqualTo(7);
        assertThat(e.timestamp()).isEqualTo(1772359200000L);
        assertThat(e.values()).containsExactly("x", 3L, new BigDecimal("12.50"), 0.5, true, 300_000L, 1772359200000L);
    }

    @Test
    void missingFieldsAreNullAndNumbersMayBeText() throws RejectedEventException {
        Event e = decoder.decode("{\"amount\":\"7.10\",\"ts\":1772359200000}", 1);

        assertThat(e.values()).containsExactly(null, null, new BigDecimal("7.10"), null, null, null, 1772359200000L);
    }

    @Test
    void undeclaredMembersAreSkippedWhateverTheyHold() throws RejectedEventException {
        Event e = decoder.decode("{\"meta\":{\"a\":[1,{\"b\":null}],\"c\":\"d\"},\"ts\":5,\"tags\":[[],{}],\"n\":1e99999}", 1);

        assertThat(e.timestamp()).isEqualTo(5);
    }

    @Test
    void aMemberGivenTwiceCountsWithItsLastValue() throws RejectedEventException {
        Event e = decoder.decode("{\"ts\":1,\"count\":\"x\",\"count\":2,\"name\":\"a\",\"name\":null}", 1);

        assertThat(e.values()).containsExactly(null, 2L, null, null, null, null, 1L);
    }

    @Test
    void membersMayComeInAnyOrderRecordAfterRecord() throws RejectedEventException {
        String[] lines = {
            "{\"name\":\"a\",\"count\":1,\"ts\":1}",
            "{\"ts\":2,\"count\":2,\"name\":\"b\"}",
            "{\"x\":0,\"count\":3,\"y\":[0],\"name\":\"c\",\"ts\":3}",
            "{\"count\":4,\"ts\":4}",
            "{\"name\":\"e\",\"count\":5,\"ts\":5}",
        };
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < lines.length; i++) {
                Event e = decoder.decode(lines[i], i);
                assertThat(e.timestamp()).isEqualTo(i + 1);
                assertThat(e.get(1)).isEqualTo(i + 1L);
                assertThat(e.get(0)).isEqualTo(i == 3 ? null : String.valueOf((char) ('a' + i)));
            }
        }
    }

    @Test
    void threadsSharingADecoderGetTheirOwnRecordsRight() throws Exception {
        String inOrder = "{\"name\":\"n%d\",\"count\":%d,\"ts\":%d}";
        String reversed = "{\"ts\":%3$d,\"count\":%2$d,\"name\":\"n%1$d\"}";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        int n = thread * 100_000 + i;
                        String line = String.format((i + thread) % 3 == 0 ? reversed : inOrder, n, n, n);
                        Event e = decoder.decode(line, n);
                        assertThat(e.values()).containsExactly("n" + n, (long) n, null, null, null, null, (long) n);
                    }
                    return thread;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            2026-03-01T10:00:00Z             | 1772359200000
            2026-03-01T10:00:00.5Z           | 1772359200500
            2026-03-01T10:00:00.123456789Z   | 1772359200123
            2026-03-01T11:30:00+01:30        | 1772359200000
            2026-03-01T10:00Z                | 1772359200000
            2026-03-01t10:00:00z             | 1772359200000
            2026-02-28T24:00:00Z             | 1772323200000
            1969-12-31T23:59:59.999Z         | -1
            0000-01-01T00:00:00Z             | -62167219200000
            9999-12-31T23:59:59.999Z         | 253402300799999
            """)
    void readsIsoTimesInEveryFormJavaTimeReads(String text, long millis) throws RejectedEventException {
        assertThat(decoder.decode("{\"ts\":\"" + text + "\"}", 1).timestamp()).isEqualTo(millis);
    }

    @Test
    void epochSecondsAreSecondsWithFractions() throws RejectedEventException {
        EventDecoder seconds = new EventDecoder(stream("epoch_seconds"));

        assertThat(seconds.decode("{\"ts\":1772359200}", 1).timestamp()).isEqualTo(1772359200000L);
        assertThat(seconds.decode("{\"ts\":1772359200.25}", 1).timestamp()).isEqualTo(1772359200250L);
        assertThat(seconds.decode("{\"ts\":\"2026-03-01T10:00:00Z\"}", 1).timestamp()).isEqualTo(1772359200000L);
        assertThatThrownBy(() -> seconds.decode("{\"ts\":9223372036854775}", 1))
                .isInstanceOf(RejectedEventException.class)
                .hasMessage("field ts: expected a time from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z,"
                        + " got the number 9223372036854775")
                .extracting(e -> ((RejectedEventException) e).reason()).isEqualTo(RejectReason.TIME_OUT_OF_RANGE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            [1,2]                                          | not_an_object       | expected a JSON object, got an array [1,2]
            null                                           | not_an_object       | expected a JSON object, got null
            {"ts":"2026-03-01T10:00:00Z",                  | invalid_json        | not valid JSON at column 30: Unexpected end-of-input within/between Object entries
            {"name":"x"}                                   | missing_time        | missing event time 'ts'
            {"name":"x","ts":null}                         | missing_time        | missing event time 'ts'
            {"ts":"yesterday"}                             | wrong_type          | field ts: expected epoch milliseconds or an ISO-8601 time such as 2026-03-01T10:00:00Z, got the string "yesterday"
            {"ts":1,"count":2.5}                           | wrong_type          | field count: expected a whole number, got the number 2.5
            {"ts":1,"amount":"12,50"}                      | wrong_type          | field amount: expected a number, got the string "12,50"
            {"ts":1,"ok":"yes"}                            | wrong_type          | field ok: expected true or false, got the string "yes"
            {"ts":1,"name":{"first":"x"}}                  | wrong_type          | field name: expected a string, got an object {"first":"x"}
            {"ts":1,"wait":"5 minutes"}                    | wrong_type          | field wait: expected milliseconds or an ISO-8601 duration such as PT5M, got the string "5 minutes"
            {"ts":1} {"ts":2}                              | invalid_json        | not valid JSON: more than one value on the line
            {"ts":"+1000000000-12-31T23:59:59Z"}           | time_out_of_range   | field ts: expected a time from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, got the string "+1000000000-12-31T23:59:59Z"
            {"ts":"+10000-01-01T00:00:00Z"}                | time_out_of_range   | field ts: expected a time from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, got the string "+10000-01-01T00:00:00Z"
            {"ts":9223372036854775807}                     | time_out_of_range   | field ts: expected a time from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, got the number 9223372036854775807
            {"ts":-9223372036854775808}                    | time_out_of_range   | field ts: expected a time from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, got the number -9223372036854775808
            {"ts":1e30}                                    | time_out_of_range   | field ts: expected a time from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, got the number 1E+30
            {"ts":1,"wait":"PT2562047788015215H"}          | time_out_of_range   | field wait: expected a duration shorter than 10000 years either way, got the string "PT2562047788015215H"
            {"ts":1,"wait":"PT9999999999999999H"}          | time_out_of_range   | field wait: expected a duration shorter than 10000 years either way, got the string "PT9999999999999999H"
            {"ts":1,"wait":-9223372036854775808}           | time_out_of_range   | field wait: expected a duration shorter than 10000 years either way, got the number -9223372036854775808
            {"ts":1,"amount":1e99999999}                   | number_out_of_range | field amount: expected a number of at most 100 digits and an exponent from -400 to 400, got the number 1E+99999999
            {"ts":1,"amount":"1e99999999"}                 | number_out_of_range | field amount: expected a number of at most 100 digits and an exponent from -400 to 400, got the string "1e99999999"
            {"ts":1,"amount":0e-99999999}                  | number_out_of_range | field amount: expected a number of at most 100 digits and an exponent from -400 to 400, got the number 0E-99999999
            {"ts":1,"ratio":1e-401}                        | number_out_of_range | field ratio: expected a number of at most 100 digits and an exponent from -400 to 400, got the number 1E-401
            {"ts":1,"amount":1e99999999999}                | number_out_of_range | field amount: expected a number of at most 100 digits and an exponent from -400 to 400, got the number 1e99999999999
            {"ts":1,"count":99999999999999999999}          | number_out_of_range | field count: expected a whole number from -9223372036854775808 to 9223372036854775807, got the number 99999999999999999999
            """)
    void rejectsWithAReasonTheFieldAndWhatWasExpected(String line, String code, String message) {
        assertThatThrownBy(() -> decoder.decode(line, 1))
                .isInstanceOf(RejectedEventException.class)
                .hasMessage(message)
                .extracting(e -> ((RejectedEventException) e).reason().code()).isEqualTo(code);
    }

    @Test
    void numbersAtTheBoundsAreAccepted() throws RejectedEventException {
        String hundredDigits = "9".repeat(100);
        Event e = decoder.decode("{\"ts\":1,\"amount\":" + hundredDigits + "e300,\"ratio\":1e-400}", 1);

        assertThat(e.get(2)).isEqualTo(new BigDecimal(hundredDigits + "e300"));
        assertThat(e.get(3)).isEqualTo(0.0);
        assertThatThrownBy(() -> decoder.decode("{\"ts\":1,\"amount\":" + hundredDigits + "9}", 1))
                .hasMessageStartingWith("field amount: expected a number of at most 100 digits");
    }

    @Test
    void aNumberLongerThanTheParserReadsIsOutOfRange() {
        String line = "{\"ts\":1,\"amount\":" + "1".repeat(1001) + "}";

        assertThatThrownBy(() -> decoder.decode(line, 1))
                .hasMessage("field amount: expected a number of at most 100 digits and an exponent from -400 to 400,"
                        + " got a number of more than 1000 characters")
                .extracting(e -> ((RejectedEventException) e).reason()).isEqualTo(RejectReason.NUMBER_OUT_OF_RANGE);
    }

    @Test
    void bytesThatAreNotUtf8AreRejectedWithTheirPosition() {
        byte[] line = "{\"name\":\"caf\u00e9 X\",\"ts\":1}".getBytes(StandardCharsets.UTF_8);
        line[13] = (byte) 0xff; // é is C3 A9 at bytes 13 and 14 (1-based): C3 FF is ill-formed

        assertThatThrownBy(() -> decoder.decode(line, 0, line.length, 1))
                .hasMessage("not valid UTF-8 at byte 13 (0xC3)")
                .extracting(e -> ((RejectedEventException) e).reason()).isEqualTo(RejectReason.INVALID_UTF8);
    }

    @Test
    void aRecordOverTheLimitIsRejectedUnread() throws RejectedEventException {
        EventDecoder small = new EventDecoder(STREAM, 16);
        byte[] sixteen = "{\"ts\":123456789}".getBytes(StandardCharsets.US_ASCII);
        byte[] seventeen = "{\"ts\":1234567890}".getBytes(StandardCharsets.US_ASCII);

        assertThat(small.decode(sixteen, 0, sixteen.length, 1).timestamp()).isEqualTo(123456789L);
        assertThatThrownBy(() -> small.decode(seventeen, 0, seventeen.length, 1))
                .hasMessage("too long: 17 bytes, the limit is 16")
                .extracting(e -> ((RejectedEventException) e).reason()).isEqualTo(RejectReason.OVERSIZE);
    }

    @Test
    void aRecordInsideALargerBufferIsReadAndPositionedOnItsOwn() throws RejectedEventException {
        byte[] buf = "xx{\"ts\":7}\n{\"ts\":\"2026-03-01T10:00:00Z\",yy".getBytes(StandardCharsets.US_ASCII);

        assertThat(decoder.decode(buf, 2, 8, 1).timestamp()).isEqualTo(7);
        assertThatThrownBy(() -> decoder.decode(buf, 11, buf.length - 11 - 2, 1))
                .hasMessage("not valid JSON at column 30: Unexpected end-of-input within/between Object entries");
        assertThat(Arrays.copyOfRange(buf, 0, 2)).containsExactly('x', 'x');
    }

    @Test
    void ofSeveralBadFieldsTheFirstDeclaredIsReportedAndASyntaxErrorComesFirst() {
        assertThatThrownBy(() -> decoder.decode("{\"ts\":\"yesterday\",\"name\":[1]}", 1))
                .hasMessage("field name: expected a string, got an array [1]");
        assertThatThrownBy(() -> decoder.decode("{\"count\":2.5,\"ts\":1,", 1))
                .extracting(e -> ((RejectedEventException) e).reason()).isEqualTo(RejectReason.INVALID_JSON);
    }

    @Test
    void withoutAnIdFieldAnEventIsIdentifiedByItsRecordsBytes() throws RejectedEventException {
        String line = "{\"name\":\"a\",\"ts\":5}";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);

        assertThat(decoder.decode(line).id()).isEqualTo(EventIds.ofContent(bytes, 0, bytes.length));
        assertThat(decoder.decode("{\"ts\":5,\"name\":\"a\"}").id()).isNotEqualTo(decoder.decode(line).id());
    }

    @Test
    void withAnIdFieldRecordsWithTheSameIdAreTheSameEventWhateverElseTheyHold() throws RejectedEventException {
        EventDecoder byName = new EventDecoder(withId("name"));
        EventDecoder byCount = new EventDecoder(withId("count"));

        long id = byName.decode("{\"name\":\"t-17\",\"count\":1,\"ts\":5}").id();

        assertThat(id).isEqualTo(EventIds.ofId("t-17"));
        assertThat(byName.decode("{\"ts\":9,\"amount\":3.50,\"name\":\"t-17\"}").id()).isEqualTo(id);
        assertThat(byName.decode("{\"name\":\"t-18\",\"count\":1,\"ts\":5}").id()).isNotEqualTo(id);
        assertThat(byName.decode("{\"name\":42,\"ts\":5}").id()).isEqualTo(EventIds.ofId("42"));
        assertThat(byCount.decode("{\"count\":42,\"ts\":5}").id()).isEqualTo(EventIds.ofId("42"));
        assertThat(byName.decode("{\"name\":\"t-17\",\"ts\":5}", 3).id()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"count":1,"ts":5}              | missing event id 'name'
            {"name":null,"ts":5}            | missing event id 'name'
            {"name":"t-17"}                 | missing event time 'ts'
            """)
    void aRecordWithoutItsIdIsRejectedLikeOneWithoutItsTime(String line, String message) {
        EventDecoder byName = new EventDecoder(withId("name"));

        assertThatThrownBy(() -> byName.decode(line)).hasMessage(message)
                .extracting(e -> ((RejectedEventException) e).reason())
                .isEqualTo(message.contains("id") ? RejectReason.MISSING_ID : RejectReason.MISSING_TIME);
        assertThatThrownBy(() -> byName.decode(line, 1)).hasMessage(message);
    }

    @Test
    void anIdFieldThatIsNotAFieldIsRefused() {
        assertThatThrownBy(() -> new EventDecoder(withId("nope")))
                .hasMessage("stream s: its id field 'nope' is not among its fields");
    }

    private static StreamLayout withId(String field) {
        return new StreamLayout("s", null, "ts", null, Duration.ZERO, null, field, null, STREAM.fields());
    }
}
