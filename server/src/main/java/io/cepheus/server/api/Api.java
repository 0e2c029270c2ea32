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

    private volatile LiveMatches live = LiveMatches.NONE;

    private final Tokens tokens;
    private final Rules rules;
    private final Streams streams;
    private final Ingest ingest;
    private final AuditLog audit;
    private final Backtests backtests;
    private final ShadowReports shadowReports;
    private final Alerts alerts;
    private final Webhooks webhooks;

    /**
     * The services and their wiring.
     *
     * @param control the control topic, written here and read by {@code controlRegistry}
     * @param auditTopic the audit topic, written here and read by {@code auditRegistry}
     * @param clients Kafka, for ingest
     * @param alertIndex this node's alert index, read by the alert queries and the live feed
     * @param statuses the alerts' status topic, whose records the index reads back
     * @param settings limits
     * @param webhookParts the delivery log and writer, the secrets' key and the SSRF guard of webhooks
     * @param clock the time of changes
     */
    public Api(ControlTopic control, Registry controlRegistry, ControlTopic auditTopic, Registry auditRegistry,
               KafkaClients clients, AlertIndex alertIndex, StatusWriter statuses, Settings settings,
               Webhooks.Parts webhookParts, Clock clock) {
        ControlWrites controlWrites = new ControlWrites(control, controlRegistry, settings.timeout());
        ObjectMapper json = new ObjectMapper();
        Compiler compiler = new Compiler();
        this.audit = new AuditLog(new ControlWrites(auditTopic, auditRegistry, settings.timeout()), clock, json);
        this.tokens = new Tokens(controlWrites, audit, clock);
        this.rules = new Rules(controlWrites, compiler, audit, new RuleActivities(alertIndex, () -> live, clock), clock);
        this.streams = new Streams(controlWrites, compiler, audit, clock);
        this.ingest = new Ingest(controlWrites, clients, settings.streamPartitions(), settings.ingestConcurrency(),
                settings.timeout());
        this.backtests = new Backtests(controlWrites, compiler, clients, settings.timeout(), clock, settings.node());
        this.shadowReports = new ShadowReports(controlWrites, clients, settings.alertsTopic(), settings.timeout());
        this.alerts = new Alerts(alertIndex, statuses, controlWrites, audit, clock, settings.timeout(), json);
        this.webhooks = new Webhooks(controlWrites, audit, webhookParts, id -> alertIndex.get(id).isPresent(), clock,
                settings.timeout());
    }

    /**
     * @param timeout how long a write waits for Kafka
     * @param streamPartitions partitions of a stream topic that ingest creates
     * @param ingestConcurrency ingest requests at once
     * @param alertsTopic where the data plane writes alerts (shadow reports read it)
     * @param node this node's address ({@code host:port}, as the other nodes reach it and as its {@code
     *     node/} record on the control topic names it)
     */
    public record Settings(Duration timeout, int streamPartitions, int ingestConcurrency, String alertsTopic,
                           String node) {}

    /** Gives the API the data plane's interactive query, once it runs. */
    public void liveMatches(LiveMatches live) {
        this.live = java.util.Objects.requireNonNull(live, "live");
    }

    /** A rule and key's live partial matches, or who has them. */
    public LiveMatches liveMatches() {
        return live;
    }

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

    public Webhooks webhooks() {
        return webhooks;
    }

    public AuditLog audit() {
        return audit;
    }

    public Backtests backtests() {
        return backtests;
    }

    public ShadowReports shadowReports() {
        return shadowReports;
    }

    @Override
    public void close() {
        ingest.close();
        backtests.close();
    }
}
