package io.cepheus.server.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code POST /api/v1/backtests} asks: which rule (text, or a kept version of a rule), over
 * which events (posted, or a time range of a stream's topic), and whether to answer with a job
 * whatever the size.
 *
 * @param text rule text (rules, and streams that replace the declared ones of the same name); empty
 *     when {@code rule} is given
 * @param rule an existing rule's id; empty when {@code text} is given
 * @param version the kept version of {@code rule} to run; empty for its current version
 * @param stream the stream the events are of; empty for the only stream the rules read
 * @param events the events
 * @param async whether to answer with a job even for a small run
 */
public record BacktestRequest(Optional<String> text, Optional<String> rule, Optional<Long> version,
                              Optional<String> stream, Events events, boolean async) {
    public BacktestRequest {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(events, "events");
    }

    /** Where the events come from. */
    public sealed interface Events {}

    /**
     * Events in the request: NDJSON lines, or the elements of a JSON array.
     *
     * @param body the bytes as sent
     * @param ndjson true for NDJSON (read as {@code cepheus backtest} reads a file), false for a JSON array
     */
    public record Posted(byte[] body, boolean ndjson) implements Events {
        public Posted {
            Objects.requireNonNull(body, "body");
        }
    }

    /** The records of the stream's topic with timestamps in {@code [from, to)}. */
    public record Range(Instant from, Instant to) implements Events {
        public Range {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }
}
