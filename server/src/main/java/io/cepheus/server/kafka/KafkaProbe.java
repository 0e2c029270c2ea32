package io.cepheus.server.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Waits until a Kafka cluster answers an Admin {@code describeCluster} with at least one broker. */
public final class KafkaProbe {

    private static final Duration ATTEMPT = Duration.ofSeconds(2);

    private final KafkaClients clients;

    public KafkaProbe(KafkaClients clients) {
        this.clients = clients;
    }

    /**
     * @param deadline how long to keep asking
     * @return the cluster id
     * @throws KafkaStartException if the cluster did not answer in time; the message names the bootstrap servers
     */
    public String awaitCluster(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        Map<String, Object> config = clients.admin();
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "cepheus-probe");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis());
        config.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        Exception last = null;
        try (Admin admin = Admin.create(config)) {
            // at least one attempt, so that the error names why even when creating the client took the deadline
            do {
                long left = end - System.nanoTime();
                long wait = Math.max(100, Math.min(ATTEMPT.toMillis(), TimeUnit.NANOSECONDS.toMillis(left)));
                try {
                    var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) wait));
                    String id = cluster.clusterId().get(wait, TimeUnit.MILLISECONDS);
                    if (!cluster.nodes().get(wait, TimeUnit.MILLISECONDS).isEmpty()) {
                        return id;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KafkaStartException("interrupted while waiting for Kafka at " + clients.bootstrap(), e);
                }
            } while (end - System.nanoTime() > 0);
        }
        String why = last == null ? "" : " (last error: " + (last.getCause() == null ? last : last.getCause()) + ")";
        throw new KafkaStartException("Kafka at " + clients.bootstrap() + " did not answer within "
                + Durations.text(deadline) + why, last);
    }
}
