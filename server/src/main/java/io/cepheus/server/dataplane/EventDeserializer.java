package io.cepheus.server.dataplane;

import io.cepheus.core.Event;
import io.cepheus.server.runtime.EventDecoder;
import io.cepheus.server.runtime.RejectReason;
import io.cepheus.server.runtime.RejectedEventException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes the value of a record of one declared stream with the runtime's {@link EventDecoder}: the
 * record is decoded once, here, as Kafka Streams reads it. A record that is not an event of the
 * stream throws a {@link DeadLetterException} with the reason, which Kafka Streams hands to the
 * {@link DeadLetterHandler} (the record never reaches the topology).
 *
 * <p>The event's id is a hash of its declared id field's value, else of the value's bytes ({@link
 * EventDecoder#decode(byte[], int, int)}): a replay of the same records gives the same match ids, and
 * {@code backtest} the same ids for the same events. A record whose declared id field is missing or
 * null is a dead letter ({@code missing_id}). A {@code traceparent} header (W3C trace context) is kept as one
 * more value after the stream's fields, so that the alert the event completes can carry it.
 *
 * <p>Thread-safe (the decoder is).
 */
final class EventDeserializer implements Deserializer<Decoded> {

    /** The W3C trace-context header an alert keeps from the event that completed it. */
    static final String TRACEPARENT = "traceparent";

    private final EventDecoder decoder;

    EventDeserializer(EventDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    @Override
    public Decoded deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public Decoded deserialize(String topic, Headers headers, byte[] data) {
        String stream = decoder.stream().name();
        if (data == null) {
            throw new DeadLetterException(stream, RejectReason.INVALID_JSON, "the record has no value");
        }
        Event event;
        try {
            event = decoder.decode(data, 0, data.length);
        } catch (RejectedEventException e) {
            throw new DeadLetterException(stream, e.reason(), e.getMessage());
        }
        Header trace = headers == null ? null : headers.lastHeader(TRACEPARENT);
        if (trace != null && trace.value() != null) {
            Object[] values = Arrays.copyOf(event.values(), decoder.stream().fields().size() + 1);
            values[values.length - 1] = new String(trace.value(), StandardCharsets.UTF_8);
            event = new Event(event.id(), event.timestamp(), values);
        }
        return new Decoded(event, data);
    }
}
