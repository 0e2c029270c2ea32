package io.cepheus.server.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cepheus.core.Event;
import io.cepheus.dsl.FieldType;
import io.cepheus.dsl.StreamLayout;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EventDecoderTest {

    static final StreamLayout STREAM = new StreamLayout("s", null, "ts", null, Duration.ZERO, null, null, List.of(
            new StreamLayout.Field("name", FieldType.STRING, 0),
            new StreamLayout.Field("count", FieldType.LONG, 1),
            new StreamLayout.Field("amount", FieldType.DECIMAL, 2),
            new StreamLayout.Field("ratio", FieldType.DOUBLE, 3),
            new StreamLayout.Field("ok", FieldType.BOOL, 4),
            new StreamLayout.Field("wait", FieldType.DURATION, 5),
            new StreamLayout.Field("ts", FieldType.TIMESTAMP, 6)));

    final EventDecoder decoder = new EventDecoder(STREAM);

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

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            [1,2]                                          | expected a JSON object, got an array [1,2]
            {"ts":"2026-03-01T10:00:00Z",                  | not valid JSON at column 30: Unexpected end-of-input within/between Object entries
            {"name":"x"}                                   | missing event time 'ts'
            {"ts":"yesterday"}                             | field ts: expected epoch milliseconds or an ISO-8601 time such as 2026-03-01T10:00:00Z, got the string "yesterday"
            {"ts":1,"count":2.5}                           | field count: expected a whole number, got the number 2.5
            {"ts":1,"amount":"12,50"}                      | field amount: expected a number, got the string "12,50"
            {"ts":1,"ok":"yes"}                            | field ok: expected true or false, got the string "yes"
            {"ts":1,"name":{"first":"x"}}                  | field name: expected a string, got an object {"first":"x"}
            {"ts":1,"wait":"5 minutes"}                    | field wait: expected milliseconds or an ISO-8601 duration such as PT5M, got the string "5 minutes"
            {"ts":1} {"ts":2}                              | not valid JSON: more than one value on the line
            """)
    void rejectsWithTheFieldAndWhatWasExpected(String line, String reason) {
        assertThatThrownBy(() -> decoder.decode(line, 1))
                .isInstanceOf(RejectedEventException.class)
                .hasMessage(reason);
    }
}
