package io.cepheus.server.runtime;

/**
 * Why an input record (a line of a backtest's events file, a Kafka record) is not used. Each
 * reason has a stable machine code, written where rejected records are collected (the backtest's
 * {@code --rejected} file, the server's dead-letter topic); the message beside it is for people and
 * may change.
 */
public enum RejectReason {
    /** Not JSON, or more than one JSON value. */
    INVALID_JSON("invalid_json"),
    /** JSON, but not an object. */
    NOT_AN_OBJECT("not_an_object"),
    /** A declared field holds a value that does not convert to the field's type. */
    WRONG_TYPE("wrong_type"),
    /** The event-time field is missing or null. */
    MISSING_TIME("missing_time"),
    /** The stream declares an id field ({@code id FIELD}) and it is missing or null. */
    MISSING_ID("missing_id"),
    /** A timestamp outside years 0000–9999, or a duration longer than that span. */
    TIME_OUT_OF_RANGE("time_out_of_range"),
    /** The event time is further after the newest event time of its stream than allowed. */
    TOO_FAR_AHEAD("too_far_ahead"),
    /** A number with too many digits or too large an exponent (its arithmetic would not be bounded). */
    NUMBER_OUT_OF_RANGE("number_out_of_range"),
    /** The bytes are not valid UTF-8. */
    INVALID_UTF8("invalid_utf8"),
    /** The record is longer than the size limit. */
    OVERSIZE("oversize"),
    /** The event time is at or behind its stream's watermark. */
    LATE("late"),
    /** The stream declares a record-key field ({@code key FIELD}) and the record's Kafka key is not its value. */
    KEY_MISMATCH("key_mismatch");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** The stable snake_case code, e.g. {@code invalid_json}. */
    public String code() {
        return code;
    }
}
