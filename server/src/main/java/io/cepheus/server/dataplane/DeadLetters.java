package io.cepheus.server.dataplane;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead-letter record of an input record that cannot be used: the original key and value bytes
 * and the original headers, plus these headers (UTF-8 text):
 *
 * <table>
 * <caption>dead-letter headers</caption>
 * <tr><td>{@value #REASON}</td><td>the stable reason code, e.g. {@code invalid_json}, {@code late}
 *     ({@link io.cepheus.server.runtime.RejectReason#code()})</td></tr>
 * <tr><td>{@value #MESSAGE}</td><td>what was wrong, for people</td></tr>
 * <tr><td>{@value #STREAM}</td><td>the declared stream the record was read as</td></tr>
 * <tr><td>{@value #TOPIC}, {@value #PARTITION}, {@value #OFFSET}</td><td>where it was read</td></tr>
 * <tr><td>{@value #TRUNCATED}</td><td>only when the value was longer than {@value #MAX_VALUE_BYTES}
 *     bytes (an {@code oversize} record would not fit the dead-letter topic): its original length;
 *     the value is then its first {@value #MAX_VALUE_BYTES} bytes</td></tr>
 * </table>
 *
 * Stateless.
 */
final class DeadLetters {

    static final String REASON = "cepheus.reason";
    static final String MESSAGE = "cepheus.message";
    static final String STREAM = "cepheus.stream";
    static final String TOPIC = "cepheus.topic";
    static final String PARTITION = "cepheus.partition";
    static final String OFFSET = "cepheus.offset";
    static final String TRUNCATED = "cepheus.truncated";
    static final int MAX_VALUE_BYTES = 64 * 1024;

    private DeadLetters() {}

    /** The original headers with the dead-letter headers added (earlier values of the same names removed). */
    static Headers headers(Headers original, String stream, String reason, String message, String topic, int partition,
                           long offset) {
        RecordHeaders h = new RecordHeaders();
        if (original != null) {
            for (Header header : original) {
                if (!header.key().startsWith("cepheus.")) {
                    h.add(header.key(), header.value());
                }
            }
        }
        add(h, REASON, reason);
        add(h, MESSAGE, message);
        add(h, STREAM, stream);
        add(h, TOPIC, topic);
        add(h, PARTITION, Integer.toString(partition));
        add(h, OFFSET, Long.toString(offset));
        return h;
    }

    /** The dead-letter record for {@code deadLetterTopic}. */
    static ProducerRecord<byte[], byte[]> record(String deadLetterTopic, byte[] key, byte[] value, Headers headers) {
        return new ProducerRecord<>(deadLetterTopic, null, key, value(value, headers), headers);
    }

    /** {@code value}, or its first {@link #MAX_VALUE_BYTES} bytes with a {@value #TRUNCATED} header added. */
    static byte[] value(byte[] value, Headers headers) {
        if (value == null || value.length <= MAX_VALUE_BYTES) {
            return value;
        }
        add(headers, TRUNCATED, Integer.toString(value.length));
        return java.util.Arrays.copyOf(value, MAX_VALUE_BYTES);
    }

    private static void add(Headers h, String name, String value) {
        h.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
