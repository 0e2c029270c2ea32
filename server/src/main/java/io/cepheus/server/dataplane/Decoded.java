package io.cepheus.server.dataplane;

import io.cepheus.core.Event;
import java.util.Objects;

/**
 * A stream record decoded: the event, and the record's value bytes as read (for the dead-letter topic,
 * should the event be late or too far ahead).
 *
 * @param event the event; after the stream's fields it may hold one more value, the record's {@code
 *     traceparent} header
 * @param value the record's value
 */
record Decoded(Event event, byte[] value) {
    Decoded {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(value, "value");
    }
}
