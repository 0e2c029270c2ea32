package io.cepheus.server.api;

import java.util.List;

/**
 * What an ingest request did.
 *
 * @param accepted records written to the stream's topic (acknowledged by every in-sync replica)
 * @param rejected records not written, each listed in {@code errors}
 * @param errors why each rejected record was not written, in input order
 */
public record IngestResult(int accepted, int rejected, List<Error> errors) {

    /**
     * A rejected record.
     *
     * @param line its 1-based position: its line in NDJSON, its element in a JSON array
     * @param reason the dead-letter reason code the data plane would give it, e.g. {@code wrong_type}
     * @param message what is wrong with it
     */
    public record Error(int line, String reason, String message) {}

    public IngestResult {
        errors = List.copyOf(errors);
    }
}
