package io.cepheus.server.backtest;

import io.cepheus.dsl.StreamLayout;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An input file of a backtest: JSON lines, each an event of {@code stream}.
 *
 * @param path the file
 * @param name how its events are named in output ({@code name:line}) when there are several inputs
 * @param stream the stream its events belong to
 */
public record Input(Path path, String name, StreamLayout stream) {
    public Input {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stream, "stream");
    }
}
