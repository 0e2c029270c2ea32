package io.cepheus.server.kafka;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The embedded node's configuration: one KRaft process that is broker and controller, listening on
 * 127.0.0.1 only, with every internal topic at replication factor 1 and min ISR 1 so that consumer
 * groups and transactions (exactly-once) work on one node.
 */
final class BrokerProperties {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String HOST = "127.0.0.1";

    private BrokerProperties() {}

    /**
     * @param logDir the log directory (also the metadata log's)
     * @param brokerPort the port clients use
     * @param controllerPort the KRaft controller's port; it may change between runs, the quorum being
     *     the static voter set given here
     */
    static Properties of(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST
                + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());

        // one node: every internal topic has one replica and needs one in sync
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");

        // a consumer group (Kafka Streams) starts at once instead of waiting 3 s for more members
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // the log cleaner's dedupe buffer defaults to 128 MiB of heap; 16 MiB compacts our topics fine
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        return p;
    }
}
