package io.cepheus.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.server.alerts.AlertIndex;
import io.cepheus.server.alerts.StatusWriter;
import io.cepheus.server.control.ControlTopic;
import io.cepheus.server.control.Registry;
import io.cepheus.server.kafka.KafkaClients;
import java.time.Clock;
import java.time.Duration;

/**
 * The services behind the REST API, wired over one node's control topic, audit topic and Kafka
 * clients. The HTTP layer parses, authorises and renders; these decide. Thread-safe.
 */
public final class Api implements AutoCloseable {

    private final Tokens tokens;
    private final Rules rules;
    private final Streams streams;
    private final Ingest ingest;
    private final AuditLog audit;
    private final Alerts alerts;

    /**
     * The services and their wiring.
     *
     * @param control the control topic, written here and read by {@code controlRegistry}
     * @param auditTopic the audit topic, written here and read by {@code auditRegistry}
     * @param clients Kafka, for ingest
     * @param alertIndex this node's alert index, read by the alert queries and the live feed
     * @param statuses the alerts' status topic, whose records the index reads back
     * @param settings limits
     * @param clock the time of changes
     */
    public Api(ControlTopic control, Registry controlRegistry, ControlTopic auditTopic, Registry auditRegistry,
               KafkaClients clients, AlertIndex alertIndex, StatusWriter statuses, Settings settings, Clock clock) {
        ControlWrites controlWrites = new ControlWrites(control, controlRegistry, settings.timeout());
        ObjectMapper json = new ObjectMapper();
        Compiler compiler = new Compiler();
        this.audit = new AuditLog(new ControlWrites(auditTopic, auditRegistry, settings.timeout()), clock, json);
        this.tokens = new Tokens(controlWrites, audit, clock);
        this.rules = new Rules(controlWrites, compiler, audit, clock);
        this.streams = new Streams(controlWrites, compiler, audit, clock);
        this.ingest = new Ingest(controlWrites, clients, settings.streamPartitions(), settings.ingestConcurrency(),
                settings.timeout());
        this.alerts = new Alerts(alertIndex, statuses, controlWrites, audit, clock, settings.timeout(), json);
    }

    /**
     * @param timeout how long a write waits for Kafka
     * @param streamPartitions partitions of a stream topic that ingest creates
     * @param ingestConcurrency ingest requests at once
     */
    public record Settings(Duration timeout, int streamPartitions, int ingestConcurrency) {}

    public Tokens tokens() {
        return tokens;
    }

    public Rules rules() {
        return rules;
    }

    public Streams streams() {
        return streams;
    }

    public Ingest ingest() {
        return ingest;
    }

    public Alerts alerts() {
        return alerts;
    }

    public AuditLog audit() {
        return audit;
    }

    @Override
    public void close() {
        ingest.close();
    }
}
