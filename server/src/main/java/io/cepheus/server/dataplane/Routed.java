package io.cepheus.server.dataplane;

import io.cepheus.core.Event;
import java.util.Objects;

/**
 * What the decode stage puts out: an event keyed for one key space or a watermark of one source
 * partition of a stream — these travel on the repartition topic to the CEP processors — or a dead
 * letter, which goes to the dead-letter topic.
 */
sealed interface Routed {

    /**
     * An event of {@code stream}, keyed for one key space.
     *
     * @param keySpace the key space (of the runtime's rules) it is keyed for
     * @param key its partition key in that key space
     * @param stream the declared stream it was read from
     * @param event the decoded event; a value after the stream's fields, if any, is the record's
     *     {@code traceparent} header
     * @param direct whether its key space runs in the source partition's task ({@link DirectPath}):
     *     such an event never goes on the repartition topic
     */
    record KeyedEvent(String keySpace, String key, String stream, Event event, boolean direct) implements Routed {
        public KeyedEvent {
            Objects.requireNonNull(keySpace, "keySpace");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(event, "event");
        }

        /** The record key on the repartition topic: {@code keySpace|key}, which decides the partition. */
        String recordKey() {
            return recordKey(keySpace, key);
        }

        /** The record key on the repartition topic of an event of {@code key} in {@code keySpace}. */
        static String recordKey(String keySpace, String key) {
            return keySpace + "|" + key;
        }
    }

    /**
     * The watermark of one source partition of a stream, and whether that partition is idle (no record
     * for the idle timeout): an idle partition does not hold its stream's watermark back.
     *
     * @param stream the declared stream
     * @param partition the partition of the stream's topic
     * @param watermark its bounded-out-of-orderness watermark; {@code Long.MIN_VALUE} before any event
     * @param idle whether it is idle
     * @param broadcast whether it also goes to every partition of the repartition topic; false: only to
     *     the CEP processor of its own task (the direct path), a step that the next broadcast one covers
     */
    record Watermark(String stream, int partition, long watermark, boolean idle, boolean broadcast) implements Routed {
        public Watermark {
            Objects.requireNonNull(stream, "stream");
        }

        /** A watermark for every partition of the repartition topic. */
        public Watermark(String stream, int partition, long watermark, boolean idle) {
            this(stream, partition, watermark, idle, true);
        }

        /** The record key on the repartition topic (a watermark goes to every partition regardless). */
        String recordKey() {
            return "\0watermark|" + stream + "|" + partition;
        }
    }

    /**
     * A record that cannot be used, as it goes to the dead-letter topic: its original key and value
     * (the reason and origin are in the record's headers, see {@link DeadLetters}).
     *
     * @param key the original key bytes; null if the record had none
     * @param value the original value bytes; null if the record had none
     */
    record DeadLetter(byte[] key, byte[] value) implements Routed {}
}
