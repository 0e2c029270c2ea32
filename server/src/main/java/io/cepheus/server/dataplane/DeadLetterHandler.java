package io.cepheus.server.dataplane;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' deserialization handler of the data plane: a stream record that does not decode
 * ({@link DeadLetterException} from {@link EventDeserializer}) goes to the dead-letter topic with its
 * reason — returned to Kafka Streams, which writes it in the task's transaction — and processing
 * resumes. Anything else (a record of the repartition topic that does not read back: a bug, or a
 * foreign writer) stops the data plane.
 *
 * <p>Kafka Streams makes the instance from its configuration: {@link #configure} takes the topic and
 * the metrics from {@link #TOPIC_CONFIG} and {@link #METRICS_CONFIG}. Thread-safe.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {

    static final String TOPIC_CONFIG = "cepheus.dead.letter.topic";
    static final String METRICS_CONFIG = "cepheus.dead.letter.metrics";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

    private String topic;
    private DataPlaneMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        this.topic = (String) Objects.requireNonNull(configs.get(TOPIC_CONFIG), TOPIC_CONFIG);
        this.metrics = (DataPlaneMetrics) Objects.requireNonNull(configs.get(METRICS_CONFIG), METRICS_CONFIG);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof DeadLetterException rejected)) {
            log.error("a record of {}-{} at offset {} cannot be read; the data plane stops", record.topic(),
                    record.partition(), record.offset(), exception);
            return Response.fail();
        }
        String reason = rejected.reason().code();
        metrics.recordsIn.labelValues(rejected.stream()).inc();
        metrics.deadLettered.labelValues(rejected.stream(), reason).inc();
        return Response.resume(List.of(DeadLetters.record(topic, record.key(), record.value(),
                DeadLetters.headers(record.headers(), rejected.stream(), reason, rejected.getMessage(), record.topic(),
                        record.partition(), record.offset()))));
    }
}
