package io.cepheus.server.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one parser factory of the decoder, and the tree mappers used only to describe a rejected
 * value in a message (never on the path of a valid event). Thread-safe.
 */
final class Json {

    /** Numbers longer than this are not parsed (Jackson's default, stated here because messages say it). */
    static final int MAX_NUMBER_CHARS = 1000;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_CHARS).build())
            .build();

    /** Reads a value as a tree, numbers exact: what a message shows of a value. */
    static final JsonMapper VALUES = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** As {@link #VALUES}, for a whole record: more than one value is an error. */
    static final ObjectMapper RECORDS = VALUES.rebuild().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private Json() {}

    /** Jackson's message without its internals: where and what. */
    static String error(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Trailing token")) {
            return "not valid JSON: more than one value on the line";
        }
        for (String cut : new String[] {" (start marker", "\n", " at [Source"}) {
            int i = message.indexOf(cut);
            if (i > 0) {
                message = message.substring(0, i);
            }
        }
        int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
        return "not valid JSON" + (column > 0 ? " at column " + column : "") + ": " + message;
    }
}
