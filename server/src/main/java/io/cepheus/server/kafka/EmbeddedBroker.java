package io.cepheus.server.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster in this process: Kafka's own {@link KafkaRaftServer} in combined
 * mode (broker and KRaft controller in one node), listening on 127.0.0.1 so that ordinary clients
 * reach it. Its log directory is formatted on first use and reused afterwards, so topics and
 * records survive a restart. Internal topics have one replica, so transactions (exactly-once) work.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #close()}; {@link #isRunning()} is true between a
 * successful start and close. Thread-safe. A fatal error inside Kafka ends the process, as it does
 * for a stand-alone broker.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private enum State { NEW, STARTING, RUNNING, STOPPED }

    private final Path logDir;
    private final int port;
    private final Duration startTimeout;
    private volatile State state = State.NEW;
    private DirectoryLock lock;
    private KafkaRaftServer server;
    private String bootstrap;
    private boolean formatted;

    /**
     * @param logDir the broker's log directory, created and formatted when it holds no Kafka log yet
     * @param port the port for clients on 127.0.0.1; 0 picks a free one
     * @param startTimeout how long {@link #start()} waits for the broker to answer
     */
    public EmbeddedBroker(Path logDir, int port, Duration startTimeout) {
        this.logDir = Objects.requireNonNull(logDir, "logDir");
        this.port = port;
        this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
    }

    /**
     * Formats the log directory if needed, starts the node and waits until it answers a
     * {@code describeCluster}.
     *
     * @return the bootstrap address, {@code 127.0.0.1:PORT}
     * @throws KafkaStartException if the port is taken, the directory cannot be used or is in use by
     *     another embedded broker, or the broker
     *     does not answer within the start timeout; the broker is stopped again then
     * @throws IllegalStateException if called twice
     */
    public synchronized String start() {
        if (state != State.NEW) {
            throw new IllegalStateException("the embedded broker was started before (" + state + ")");
        }
        state = State.STARTING;
        try {
            lock = DirectoryLock.acquire(logDir);
            int brokerPort = Ports.claim(port, "clients");
            int controllerPort = Ports.claim(0, "its controller");
            formatted = StorageFormat.ensureFormatted(logDir);
            KafkaConfig config = KafkaConfig.fromProps(BrokerProperties.of(logDir, brokerPort, controllerPort), false);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            bootstrap = BrokerProperties.HOST + ":" + brokerPort;
            new KafkaProbe(new KafkaClients(bootstrap)).awaitCluster(startTimeout);
            state = State.RUNNING;
            LOG.debug("embedded Kafka broker on {}, log in {}", bootstrap, logDir);
            return bootstrap;
        } catch (KafkaStartException e) {
            stop();
            throw e;
        } catch (RuntimeException e) {
            stop();
            throw new KafkaStartException("the embedded Kafka broker did not start (log directory " + logDir + "): "
                    + e.getMessage(), e);
        }
    }

    /** True between a successful {@link #start()} and {@link #close()}. */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /**
     * @return the bootstrap address, {@code 127.0.0.1:PORT}
     * @throws IllegalStateException before a successful start
     */
    public synchronized String bootstrap() {
        if (bootstrap == null) {
            throw new IllegalStateException("the embedded broker has not started");
        }
        return bootstrap;
    }

    /** True if the last {@link #start()} formatted a new log directory, false if it reused one. */
    public synchronized boolean formattedOnStart() {
        return formatted;
    }

    /** The broker's log directory. */
    public Path logDir() {
        return logDir;
    }

    /** Stops the broker (a clean shutdown: logs flushed, leadership given up) and waits for it. Idempotent. */
    @Override
    public synchronized void close() {
        stop();
    }

    private void stop() {
        state = State.STOPPED;
        if (server != null) {
            KafkaRaftServer s = server;
            server = null;
            s.shutdown();
            s.awaitShutdown();
            LOG.debug("embedded Kafka broker stopped");
        }
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}
