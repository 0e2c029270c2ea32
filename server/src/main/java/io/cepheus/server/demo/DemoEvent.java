package io.cepheus.server.demo;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event the demo produces: to the topic of {@code stream}, keyed by {@code key} (the stream's
 * declared key), with {@code fields} as its JSON object.
 *
 * @param time its event time (also in {@code fields}, as the stream's time field)
 * @param stream the declared stream it belongs to
 * @param key the record key: the value of the stream's {@code key} field
 * @param fields the JSON object's members, in order; a null value is left out
 */
record DemoEvent(Instant time, String stream, String key, Map<String, Object> fields) {

    DemoEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(key, "key");
        Map<String, Object> copy = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (value != null) {
                copy.put(name, value);
            }
        });
        fields = Collections.unmodifiableMap(copy);
    }
}
