package io.cepheus.server.config;

import java.util.List;
import java.util.Objects;

/**
 * The server's own topics, all different.
 *
 * @param alerts where alerts are written (JSON)
 * @param deadLetter where records that cannot be used go, with the reason
 * @param control the compacted topic of streams and rules that every node materialises
 */
public record TopicNames(String alerts, String deadLetter, String control) {

    public TopicNames {
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(deadLetter, "deadLetter");
        Objects.requireNonNull(control, "control");
        if (List.of(alerts, deadLetter, control).stream().distinct().count() != 3) {
            throw new IllegalArgumentException("topic names must differ: " + alerts + ", " + deadLetter + ", " + control);
        }
    }
}
