package io.cepheus.server.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.cepheus.core.Event;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.control.StreamDefinition;
import io.cepheus.server.kafka.KafkaClients;
import io.cepheus.server.kafka.TopicSpec;
import io.cepheus.server.kafka.Topics;
import io.cepheus.server.runtime.EventDecoder;
import io.cepheus.server.runtime.InputLimits;
import io.cepheus.server.runtime.RejectedEventException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Events posted over HTTP ({@code POST /streams/NAME/events}): each record is checked with the data
 * plane's own decoder ({@link EventDecoder}, the same limits), so a record rejected here has the
 * reason the dead-letter topic would give it; the others are written to the stream's topic as they
 * came (a line's bytes, an array element's own bytes: numbers keep their digits, and the event ids
 * are those of the same records produced to Kafka), keyed by the stream's key field, and the answer comes
 * only once Kafka has acknowledged every one of them ({@code acks=all}, idempotent): nothing
 * accepted is lost. Late and too-far-ahead events are the data plane's to decide, as for records
 * produced to Kafka directly. At most {@code concurrency} requests run at once; more are refused as
 * busy. Thread-safe.
 */
public final class Ingest implements AutoCloseable {

    /** Seconds a client should wait before retrying a refused batch. */
    static final int RETRY_AFTER = 1;

    /** A request's body, read once the batch has its slot (so at most {@code concurrency} bodies are in memory). */
    @FunctionalInterface
    public interface Body {
        byte[] read() throws IOException;
    }

    /** How a batch is written. */
    public enum Format {
        /** One JSON array of records. */
        JSON_ARRAY,
        /** One JSON record per line (blank lines skipped). */
        NDJSON
    }

    private final ControlWrites control;
    private final KafkaClients clients;
    private final int streamPartitions;
    private final Duration timeout;
    private final Semaphore slots;
    private static final com.fasterxml.jackson.core.JsonFactory ELEMENTS = new com.fasterxml.jackson.core.JsonFactory();
    private final Set<String> topicsKnown = ConcurrentHashMap.newKeySet();
    private final Map<String, Decoding> decoders = new ConcurrentHashMap<>();
    private final KafkaProducer<byte[], byte[]> producer;

    /** The decoder of a stream's declaration. */
    private record Decoding(StreamDefinition stream, EventDecoder decoder, String topic) {}

    /** A checked record to write. */
    private record Good(byte[] key, byte[] value) {}

    Ingest(ControlWrites control, KafkaClients clients, int streamPartitions, int concurrency, Duration timeout) {
        this.control = control;
        this.clients = clients;
        this.streamPartitions = streamPartitions;
        this.timeout = timeout;
        this.slots = new Semaphore(concurrency);
        Map<String, Object> config = clients.producer();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "cepheus-ingest");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis() * 2));
        this.producer = new KafkaProducer<>(config);
    }

    /**
     * Checks a batch and writes its good records to the stream's topic.
     *
     * @throws ApiException not found (no such stream); conflict (it has no event-time field); invalid
     *     (a JSON array that is not well-formed: nothing is written); busy (too many batches at once);
     *     unavailable (Kafka did not acknowledge in time; the detail says how many were written)
     * @throws IOException if the body cannot be read
     */
    public IngestResult ingest(String streamName, Body body, Format format) throws IOException {
        Decoding d = decoding(streamName);
        if (!slots.tryAcquire()) {
            throw new ApiException(ApiException.Kind.BUSY, "this node is writing as many batches as it takes at once: "
                    + "retry in " + RETRY_AFTER + " s", List.of(), RETRY_AFTER);
        }
        try {
            List<IngestResult.Error> errors = new ArrayList<>();
            List<Good> good = new ArrayList<>();
            byte[] bytes = body.read();
            List<byte[]> records = format == Format.NDJSON ? lines(bytes) : elements(bytes);
            int line = 0;
            for (byte[] r : records) {
                line++;
                if (r == null) {
                    continue; // a blank line
                }
                try {
                    Event e = d.decoder().decode(r, 0, r.length, line);
                    good.add(new Good(key(d.decoder().stream(), e), r));
                } catch (RejectedEventException e) {
                    errors.add(new IngestResult.Error(line, e.reason().code(), e.getMessage()));
                }
            }
            write(d.topic(), good);
            return new IngestResult(good.size(), errors.size(), errors);
        } finally {
            slots.release();
        }
    }

    private Decoding decoding(String streamName) {
        StreamDefinition s = Streams.current(control.catalog(), streamName);
        Decoding d = decoders.get(streamName);
        if (d != null && d.stream().equals(s)) {
            return d;
        }
        StreamLayout layout = Compiler.layout(s.name(), s.text())
                .orElseThrow(() -> ApiException.conflict("stream " + streamName + " does not compile"));
        if (layout.timeField() == null) {
            throw ApiException.conflict("stream " + streamName + " declares no event-time field ('time FIELD'): "
                    + "its events cannot be used");
        }
        d = new Decoding(s, new EventDecoder(layout, InputLimits.DEFAULT.maxRecordBytes()), StreamView.topicOf(layout));
        decoders.put(streamName, d);
        return d;
    }

    private static byte[] key(StreamLayout stream, Event e) {
        if (stream.keyField() == null || stream.field(stream.keyField()) == null) {
            return null;
        }
        Object v = e.values()[stream.field(stream.keyField()).index()];
        return v == null ? null : String.valueOf(v).getBytes(StandardCharsets.UTF_8);
    }

    /** Each line's bytes, without its line end; null for a blank line. */
    private static List<byte[]> lines(byte[] body) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                if (i == body.length && start == body.length) {
                    break;
                }
                byte[] line = Arrays.copyOfRange(body, start, end);
                out.add(new String(line, StandardCharsets.UTF_8).isBlank() ? null : line);
                start = i + 1;
            }
        }
        return out;
    }

    /**
     * The bytes of each element of a JSON array, as sent.
     *
     * @throws ApiException (invalid, with the position) if the body is not one JSON array
     */
    static List<byte[]> elements(byte[] body) {
        List<byte[]> out = new ArrayList<>();
        try (JsonParser p = ELEMENTS.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw syntax("expected a JSON array of records (or send application/x-ndjson)", p.currentLocation());
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                long start = p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                p.finishToken();
                out.add(Arrays.copyOfRange(body, (int) start, (int) p.currentLocation().getByteOffset()));
            }
            if (p.nextToken() != null) {
                throw syntax("more than one JSON value: expected one array", p.currentLocation());
            }
        } catch (JsonProcessingException e) {
            throw syntax(e.getOriginalMessage(), e.getLocation());
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array", e);
        }
        return out;
    }

    private static ApiException syntax(String message, JsonLocation at) {
        int line = at == null ? 1 : Math.max(1, at.getLineNr());
        int column = at == null ? 1 : Math.max(1, at.getColumnNr());
        return ApiException.invalid("the body is not a JSON array: " + message,
                List.of(Finding.error(line, column, message)));
    }

    private void write(String topic, List<Good> good) {
        if (good.isEmpty()) {
            return;
        }
        ensureTopic(topic);
        List<Future<RecordMetadata>> sent = new ArrayList<>(good.size());
        long deadline = System.nanoTime() + timeout.toNanos() * 2;
        int written = 0;
        try {
            for (Good g : good) {
                sent.add(producer.send(new ProducerRecord<>(topic, g.key(), g.value())));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                written++;
            }
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw ApiException.unavailable("Kafka did not acknowledge the " + good.size() + " good records in time: the first "
                    + written + " are written, the others may or may not be", 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while writing", 5);
        }
    }

    /** Creates the stream's topic when missing (the data plane creates it only once a rule reads the stream). */
    private void ensureTopic(String topic) {
        if (topicsKnown.contains(topic)) {
            return;
        }
        try (Admin admin = Admin.create(clients.admin())) {
            new Topics(admin, timeout).ensure(List.of(new TopicSpec(topic, Optional.of(streamPartitions), Map.of())));
        } catch (RuntimeException e) {
            throw ApiException.unavailable("topic " + topic + " cannot be created now", 5);
        }
        topicsKnown.add(topic);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
