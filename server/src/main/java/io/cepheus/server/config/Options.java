package io.cepheus.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The table of options: keys, defaults and meanings. docs/configuration.md lists the same table. */
final class Options {

    static final Option<String> HTTP_HOST = new Option<>("http.host", "0.0.0.0", Parsers.HOST_NAME,
            "Address the HTTP server binds (0.0.0.0: every interface).");
    static final Option<Integer> HTTP_PORT = new Option<>("http.port", "8080", Parsers.PORT,
            "Port of /health/live, /health/ready and /metrics; 0 picks a free port.");
    static final Option<Path> DATA_DIR = new Option<>("data.dir", "./data", Parsers.DIRECTORY_TO_CREATE,
            "Data directory, created if missing (the embedded broker's log: kafka/).");
    static final Option<String> KAFKA_BOOTSTRAP = new Option<>("kafka.bootstrap", null, Parsers.BOOTSTRAP,
            "Kafka cluster to use (host:port,...); unset: start an embedded broker.");
    static final Option<Integer> KAFKA_PORT = new Option<>("kafka.port", "9092", Parsers.PORT,
            "Port of the embedded broker on 127.0.0.1; 0 picks a free port.");
    static final Option<Duration> KAFKA_START_TIMEOUT = new Option<>("kafka.start.timeout", "60s",
            Parsers.POSITIVE_DURATION, "How long start-up waits for Kafka (embedded or not) to answer.");
    static final Option<Path> RULES = new Option<>("rules", null, Parsers.EXISTING_DIRECTORY,
            "Directory of *.cep rule files to apply at start (also serve --rules DIR).");
    static final Option<String> TOPIC_ALERTS = new Option<>("topic.alerts", "cepheus-alerts", Parsers.TOPIC_NAME,
            "Topic the alerts are written to.");
    static final Option<String> TOPIC_DLQ = new Option<>("topic.dlq", "cepheus-dlq", Parsers.TOPIC_NAME,
            "Dead-letter topic: records that cannot be used, with the reason.");
    static final Option<String> TOPIC_CONTROL = new Option<>("topic.control", "cepheus-control", Parsers.TOPIC_NAME,
            "Compacted topic of stream and rule definitions that every node reads.");
    static final Option<Duration> IDLE_TIMEOUT = new Option<>("idle.timeout", "30s", Parsers.POSITIVE_DURATION,
            "After this long without events, a stream's watermark follows the clock.");
    static final Option<ProcessingGuarantee> PROCESSING_GUARANTEE = new Option<>("processing.guarantee",
            "exactly_once_v2", Parsers.GUARANTEE, "Kafka Streams' processing guarantee: exactly_once_v2 or at_least_once.");
    static final Option<Integer> STANDBY_REPLICAS = new Option<>("standby.replicas", "0", Parsers.COUNT,
            "Warm copies of each task's state on other nodes, for fast fail-over.");
    static final Option<Integer> MAX_PARTIAL_MATCHES = new Option<>("max.partial.matches", "10000",
            Parsers.POSITIVE_COUNT, "Partial matches kept per key and rule; beyond, the oldest are dropped.");
    static final Option<Integer> MAX_PARTIAL_MATCHES_PER_RULE = new Option<>("max.partial.matches.per.rule", "1000000",
            Parsers.POSITIVE_COUNT, "Partial matches kept per rule over the keys of one task; beyond, new ones are refused.");
    static final Option<Duration> SESSION_TIMEOUT = new Option<>("session.timeout", "45s", Parsers.POSITIVE_DURATION,
            "How long the nodes' group waits for a node that stopped answering before its partitions move.");

    static final Option<String> STREAMS_APPLICATION_ID = new Option<>("streams.application.id", "cepheus",
            Parsers.APPLICATION_ID, "Kafka Streams application id: the nodes' group, prefix of internal topics.");
    static final Option<Integer> STREAM_PARTITIONS = new Option<>("stream.partitions", "1", Parsers.POSITIVE_COUNT,
            "Partitions of a stream topic that start-up creates because it is missing.");
    static final Option<Integer> KEYED_PARTITIONS = new Option<>("keyed.partitions", null, Parsers.POSITIVE_COUNT,
            "Partitions of the repartition topic of keyed events; unset: the widest stream topic's.");
    static final Option<Boolean> STATE_TRANSACTIONAL = new Option<>("state.transactional", "true", Parsers.BOOLEAN,
            "Transactional state stores (KIP-892): a crash under exactly-once keeps the local state.");
    static final Option<Integer> STREAM_THREADS = new Option<>("stream.threads", "1", Parsers.POSITIVE_COUNT,
            "Kafka Streams' stream threads on the node: how many tasks (partitions) it runs at once.");
    static final Option<Duration> COMMIT_INTERVAL = new Option<>("commit.interval", null, Parsers.POSITIVE_DURATION,
            "How often the data plane commits; unset: Kafka Streams' default (100 ms under exactly-once).");
    static final Option<Duration> PRODUCER_LINGER = new Option<>("producer.linger", null, Parsers.DURATION,
            "How long the data plane's producer waits to fill a batch; unset: Kafka Streams' default (100 ms).");
    static final Option<Integer> PRODUCER_BATCH_BYTES = new Option<>("producer.batch.bytes",
            String.valueOf(DataPlaneSettings.PRODUCER_BATCH_BYTES), Parsers.POSITIVE_COUNT,
            "Most bytes the data plane's producer batches per partition (batch.size; Kafka's default 16384).");

    static final Option<String> TOPIC_AUDIT = new Option<>("topic.audit", "cepheus-audit", Parsers.TOPIC_NAME,
            "Compacted topic of the audit log: every change made through the REST API, kept forever.");
    static final Option<String> ADMIN_TOKEN = new Option<>("admin.token", null, Parsers.TOKEN,
            "Bearer token of the first admin; unset: one is generated and printed at first start.");
    static final Option<Integer> HTTP_MAX_REQUEST_BYTES = new Option<>("http.max.request.bytes", "10485760",
            Parsers.POSITIVE_COUNT, "Largest request body the REST API reads; a larger one is answered 413.");
    static final Option<java.util.List<String>> HTTP_CORS_ORIGINS = new Option<>("http.cors.origins", null,
            Parsers.ORIGINS, "Origins that browsers may call the REST API from (comma-separated, or *); unset: none.");
    static final Option<Integer> INGEST_MAX_CONCURRENT = new Option<>("ingest.max.concurrent", "4",
            Parsers.POSITIVE_COUNT, "Ingest requests a node handles at once; more are answered 429 with Retry-After.");

    static final Option<Duration> ALERTS_RETENTION = new Option<>("alerts.retention", "7d", Parsers.POSITIVE_DURATION,
            "How long an alert stays in the node's alert index, from when the node indexed it.");
    static final Option<Duration> ALERTS_HEARTBEAT = new Option<>("alerts.heartbeat", "15s", Parsers.POSITIVE_DURATION,
            "How often the live alert feed sends a heartbeat when no alert comes.");

    static final Option<Boolean> DEMO = new Option<>("demo", "false", Parsers.BOOLEAN,
            "Demo mode: example streams and rules, and a generator of events with planted fraud (also serve --demo).");
    static final Option<Integer> DEMO_RATE = new Option<>("demo.rate", "20", Parsers.POSITIVE_COUNT,
            "Events per second the demo generates (payments, account events, logins; heartbeats on top).");
    static final Option<Integer> DEMO_SEED = new Option<>("demo.seed", null, Parsers.COUNT,
            "Seed of the demo generator's random numbers, for the same events at every start; unset: a new one.");
    static final Option<Duration> API_KAFKA_TIMEOUT = new Option<>("api.kafka.timeout", "30s", Parsers.POSITIVE_DURATION,
            "How long a REST API request waits for Kafka before it is answered 503 with Retry-After.");
    static final Option<String> WEBHOOK_SECRET_KEY = new Option<>("webhook.secret.key", null, Parsers.AES_KEY,
            "Key (base64, 16/24/32 bytes) encrypting webhook signing secrets; unset: a key file in the data directory.");
    static final Option<Boolean> WEBHOOK_ALLOW_LOOPBACK = new Option<>("webhook.allow.loopback", "false",
            Parsers.BOOLEAN, "Whether webhook URLs may resolve to loopback addresses (private ones never may).");
    static final Option<java.util.List<Duration>> WEBHOOK_RETRY_SCHEDULE = new Option<>("webhook.retry.schedule",
            "5s,30s,2m,10m,30m,1h,2h,4h,8h,8h", Parsers.DURATIONS,
            "Pauses before each retry of a failed webhook delivery; after the last, it is dead-lettered.");
    static final Option<Duration> WEBHOOK_TIMEOUT = new Option<>("webhook.timeout", "10s", Parsers.POSITIVE_DURATION,
            "The longest one webhook attempt may take, connecting and reading the answer included.");
    static final Option<Integer> WEBHOOK_CONCURRENCY = new Option<>("webhook.concurrency", "4", Parsers.POSITIVE_COUNT,
            "Webhook attempts in flight per endpoint on the node that dispatches them.");
    static final Option<Duration> WEBHOOK_CIRCUIT_OPEN = new Option<>("webhook.circuit.open", "30s",
            Parsers.POSITIVE_DURATION, "How long an endpoint that failed 5 times in a row gets no attempt.");
    static final Option<Duration> WEBHOOK_RETENTION = new Option<>("webhook.retention", "7d", Parsers.POSITIVE_DURATION,
            "How long delivered and dead webhook deliveries stay in the delivery log.");

    /** Every option, in the order of the documentation. */
    static final List<Option<?>> ALL = List.of(HTTP_HOST, HTTP_PORT, DATA_DIR, KAFKA_BOOTSTRAP, KAFKA_PORT,
            KAFKA_START_TIMEOUT, RULES, TOPIC_ALERTS, TOPIC_DLQ, TOPIC_CONTROL, IDLE_TIMEOUT, PROCESSING_GUARANTEE,
            STANDBY_REPLICAS, MAX_PARTIAL_MATCHES, MAX_PARTIAL_MATCHES_PER_RULE,
            SESSION_TIMEOUT, STREAMS_APPLICATION_ID, STREAM_PARTITIONS, KEYED_PARTITIONS,
            STATE_TRANSACTIONAL, STREAM_THREADS, COMMIT_INTERVAL, PRODUCER_LINGER, PRODUCER_BATCH_BYTES, TOPIC_AUDIT,
            ADMIN_TOKEN, HTTP_MAX_REQUEST_BYTES, HTTP_CORS_ORIGINS, INGEST_MAX_CONCURRENT, ALERTS_RETENTION,
            ALERTS_HEARTBEAT, API_KAFKA_TIMEOUT, DEMO, DEMO_RATE, DEMO_SEED, WEBHOOK_SECRET_KEY,
            WEBHOOK_ALLOW_LOOPBACK, WEBHOOK_RETRY_SCHEDULE, WEBHOOK_TIMEOUT, WEBHOOK_CONCURRENCY, WEBHOOK_CIRCUIT_OPEN,
            WEBHOOK_RETENTION);

    private Options() {}
}
