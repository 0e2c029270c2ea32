package io.cepheus.server.kafka;

/**
 * What {@link Topics#ensure} found or did for one topic.
 *
 * @param spec the topic
 * @param created true if it was created now, false if it existed
 */
public record TopicStatus(TopicSpec spec, boolean created) {

    /** For the start-up lines, e.g. {@code cepheus-control (compacted, created)}. */
    public String describe() {
        return spec.name() + " (" + (spec.compacted() ? "compacted, " : "") + (created ? "created" : "existed") + ")";
    }
}
