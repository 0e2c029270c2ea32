package io.cepheus.server.kafka;

import io.cepheus.server.config.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics the server needs, idempotently: a missing topic is created, an existing one
 * is kept, and a topic that must be compacted but is not is an error (the control topic is the
 * system of record: with {@code cleanup.policy=delete} it would lose rules). Not thread-safe.
 */
public final class Topics {

    /** Between two metadata requests that the broker could not answer yet (at start-up only). */
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Admin admin;
    private final Duration timeout;

    /**
     * @param admin a client of the cluster; not closed here
     * @param timeout how long each request may take
     */
    public Topics(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The server's own topics: alerts and dead letters with the cluster's defaults, the control,
     * audit, alert status and webhook delivery topics compacted.
     */
    public static List<TopicSpec> serverTopics(TopicNames names) {
        return List.of(TopicSpec.plain(names.alerts()), TopicSpec.plain(names.deadLetter()),
                TopicSpec.compactedLog(names.control()), TopicSpec.compactedLog(names.audit()),
                TopicSpec.compactedLog(names.alertStatus()), TopicSpec.compactedLog(names.deliveries()));
    }

    /**
     * Creates the topics that are missing and returns once every topic is in the metadata that brokers
     * answer with (a topic created a moment ago may not be there yet: a reader that asked for its end
     * offsets would be told it does not exist).
     *
     * @return one status per spec, in order
     * @throws KafkaStartException if a topic cannot be created, or exists without the compaction it needs
     */
    public List<TopicStatus> ensure(List<TopicSpec> specs) {
        CreateTopicsResult result = admin.createTopics(specs.stream().map(Topics::newTopic).toList());
        List<TopicStatus> statuses = new ArrayList<>();
        for (TopicSpec spec : specs) {
            boolean created;
            try {
                result.values().get(spec.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created = true;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw failure("cannot create topic " + spec.name(), e.getCause());
                }
                created = false;
            } catch (TimeoutException e) {
                throw failure("cannot create topic " + spec.name() + " within " + Durations.text(timeout), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while creating topic " + spec.name(), e);
            }
            if (!created && spec.compacted()) {
                requireCompacted(spec.name());
            }
            statuses.add(new TopicStatus(spec, created));
        }
        partitions(specs.stream().map(TopicSpec::name).toList());
        return List.copyOf(statuses);
    }

    /**
     * The partitions of each topic, as {@code topic -> count}.
     *
     * @throws KafkaStartException if a topic does not exist, or cannot be described within the timeout
     */
    public Map<String, Integer> partitions(List<String> topics) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        untilKnown("cannot read the partitions of " + topics, () -> admin.describeTopics(topics).allTopicNames())
                .forEach((topic, description) -> counts.put(topic, description.partitions().size()));
        return counts;
    }

    private void requireCompacted(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = untilKnown("cannot read the configuration of topic " + topic,
                () -> admin.describeConfigs(List.of(resource)).all()).get(resource);
        String policy = config.get(TopicSpec.CLEANUP_POLICY).value();
        if (!policy.contains("compact")) {
            throw new KafkaStartException("topic " + topic + " exists with " + TopicSpec.CLEANUP_POLICY + "=" + policy
                    + ", but it must be compacted (" + TopicSpec.CLEANUP_POLICY + "=compact)");
        }
    }

    /**
     * The result of an admin request, asked again while the broker answers with a retriable error
     * until the timeout: a topic created a moment ago may not have reached the metadata of the broker
     * that answers yet.
     */
    private <T> T untilKnown(String what, java.util.function.Supplier<KafkaFuture<T>> request) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return request.get().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw failure(what, e);
                }
                LockSupport.parkNanos(RETRY_PAUSE_NANOS);
            } catch (TimeoutException e) {
                throw failure(what, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted: " + what, e);
            }
        }
    }

    private static NewTopic newTopic(TopicSpec spec) {
        return new NewTopic(spec.name(), spec.partitions(), Optional.empty()).configs(spec.configs());
    }

    private static KafkaStartException failure(String what, Throwable cause) {
        Throwable c = cause instanceof ExecutionException && cause.getCause() != null ? cause.getCause() : cause;
        return new KafkaStartException(what + ": " + c.getMessage(), c);
    }
}
