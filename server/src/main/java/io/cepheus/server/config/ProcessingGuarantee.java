package io.cepheus.server.config;

/** Kafka Streams' processing guarantees that the server offers. */
public enum ProcessingGuarantee {
    /** Input offsets, state changes and output records are committed atomically. */
    EXACTLY_ONCE_V2("exactly_once_v2"),
    /** Nothing is lost; after a crash some records are processed, and alerts written, twice. */
    AT_LEAST_ONCE("at_least_once");

    private final String configValue;

    ProcessingGuarantee(String configValue) {
        this.configValue = configValue;
    }

    /** The value as written in the configuration and in Kafka Streams' {@code processing.guarantee}. */
    public String configValue() {
        return configValue;
    }
}
