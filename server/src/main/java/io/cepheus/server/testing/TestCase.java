package io.cepheus.server.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One test case: rule files, input events and the expected output.
 *
 * @param name the case's directory relative to the directory searched (or its own name)
 * @param directory where it lives
 * @param ruleFiles the {@code *.cep} files of the case directory, or of its nearest ancestor that
 *     has some (within the directory searched)
 * @param eventFiles the {@code *.jsonl} files of the case directory except {@code expected.jsonl},
 *     by name
 * @param expected the {@code expected.jsonl} file
 */
public record TestCase(String name, Path directory, List<Path> ruleFiles, List<Path> eventFiles, Path expected) {
    public TestCase {
        Objects.requireNonNull(name, "name");
        ruleFiles = List.copyOf(ruleFiles);
        eventFiles = List.copyOf(eventFiles);
        Objects.requireNonNull(expected, "expected");
    }
}
