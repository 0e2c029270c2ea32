package io.cepheus.server.control;

import io.cepheus.server.kafka.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes streams and rules to the control topic (see {@link ControlRecords} for its records). Each
 * write waits for the broker's acknowledgement and returns the offset after it, for {@link
 * Registry#awaitOffset}: a writer that waits on it reads its own write. Writers decide versions;
 * concurrent writers of one rule must agree beforehand (the REST API does, with {@code If-Match}).
 * Many writes that belong together (a rules directory) go in {@linkplain #atomically one transaction}:
 * the registries, which read only committed records, see them at once and compile the rule set once.
 *
 * <p>Thread-safe.
 */
public final class ControlTopic implements AutoCloseable {

    private final KafkaClients clients;
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration timeout;
    /** In a transaction ({@link #atomically}): the last write, whose acknowledgement the commit awaits; else null. */
    private Future<RecordMetadata> pending;
    private final boolean transactional;

    public ControlTopic(KafkaClients clients, String topic, Duration timeout) {
        this(clients, topic, timeout, clients.producer(), false);
    }

    private ControlTopic(KafkaClients clients, String topic, Duration timeout, Map<String, Object> producer,
            boolean transactional) {
        this.clients = clients;
        this.topic = topic;
        this.timeout = timeout;
        this.producer = new KafkaProducer<>(producer);
        this.transactional = transactional;
    }

    /**
     * Makes {@code writes} in one transaction of a producer of its own: readers of committed records
     * (every {@link Registry}) see all of them or none, in one batch. The writes' own return values
     * mean nothing inside it; this returns the offset after the last.
     *
     * @return the offset after the last write, or 0 when {@code writes} wrote nothing
     * @throws ControlException if the transaction cannot be committed (then nothing was written)
     */
    public long atomically(Consumer<ControlTopic> writes) {
        Map<String, Object> config = new HashMap<>(clients.producer());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cepheus-control-" + UUID.randomUUID());
        try (ControlTopic tx = new ControlTopic(clients, topic, timeout, config, true)) {
            tx.producer.initTransactions();
            tx.producer.beginTransaction();
            try {
                writes.accept(tx);
                long offset = tx.pending == null ? 0 : await(tx.pending, "the transaction's last record");
                tx.producer.commitTransaction();
                return offset;
            } catch (RuntimeException e) {
                tx.producer.abortTransaction();
                throw e instanceof ControlException ? e
                        : new ControlException("cannot write to the control topic " + topic + ": " + e.getMessage(), e);
            }
        }
    }

    /** Declares or redeclares a stream. @return the offset after the write */
    public long put(StreamDefinition stream) {
        return send(ControlRecords.streamKey(stream.name()), ControlRecords.value(stream));
    }

    /** Writes a rule's new version: kept under its version, then made current. @return the offset after the write */
    public long put(RuleDefinition rule) {
        byte[] value = ControlRecords.value(rule);
        producer.send(record(ControlRecords.versionKey(rule.name(), rule.version()), value));
        return send(ControlRecords.ruleKey(rule.name()), value);
    }

    /** Deletes a stream declaration. @return the offset after the write */
    public long deleteStream(String name) {
        return send(ControlRecords.streamKey(name), null);
    }

    /** Deletes a rule and the kept versions {@code 1..lastVersion}. @return the offset after the write */
    public long deleteRule(String name, long lastVersion) {
        for (long v = 1; v <= lastVersion; v++) {
            producer.send(record(ControlRecords.versionKey(name, v), null));
        }
        return send(ControlRecords.ruleKey(name), null);
    }

    /** Writes a bearer token's record (its hash, never the token). @return the offset after the write */
    public long put(TokenRecord token) {
        return send(ControlRecords.tokenKey(token.id()), ControlRecords.value(token));
    }

    /** Revokes a bearer token: deletes its record. @return the offset after the write */
    public long revokeToken(String id) {
        return send(ControlRecords.tokenKey(id), null);
    }

    /** Snoozes a rule for one key (replacing an earlier snooze of the key). @return the offset after the write */
    public long put(Snooze snooze) {
        return send(ControlRecords.snoozeKey(snooze.rule(), snooze.key()), ControlRecords.value(snooze));
    }

    /** Lifts the snooze of a rule for one key. @return the offset after the write */
    public long deleteSnooze(String rule, String key) {
        return send(ControlRecords.snoozeKey(rule, key), null);
    }

    /** Records a running node. @return the offset after the write */
    public long put(NodeRecord node) {
        return send(ControlRecords.nodeKey(node.address()), ControlRecords.value(node));
    }

    /**
     * Deletes a node's record without waiting for the broker (a stopping node; {@link #close} sends it
     * within its few seconds, or it is lost and the record stays until the node starts again).
     */
    public void forgetNode(String address) {
        producer.send(record(ControlRecords.nodeKey(address), null));
    }

    /** Writes a webhook endpoint's new version (its secrets encrypted). @return the offset after the write */
    public long put(WebhookDefinition webhook) {
        return send(ControlRecords.webhookKey(webhook.name()), ControlRecords.value(webhook));
    }

    /** Deletes a webhook endpoint. @return the offset after the write */
    public long deleteWebhook(String name) {
        return send(ControlRecords.webhookKey(name), null);
    }

    /** Appends an entry to the audit log (a topic of its own: see {@link AuditEntry}). @return the offset after the write */
    public long put(AuditEntry entry) {
        return send(ControlRecords.auditKey(entry.id()), ControlRecords.value(entry));
    }

    private ProducerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(topic, 0, ControlRecords.bytes(key), value);
    }

    private long send(String key, byte[] value) {
        Future<RecordMetadata> sent = producer.send(record(key, value));
        if (transactional) {
            pending = sent;
            return 0;
        }
        return await(sent, "'" + key + "'");
    }

    private long await(Future<RecordMetadata> sent, String what) {
        try {
            return sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset() + 1;
        } catch (ExecutionException e) {
            throw new ControlException("cannot write " + what + " to the control topic " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new ControlException("writing " + what + " to the control topic " + topic + " took longer than "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted while writing to the control topic", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
