package io.cepheus.server.testing;

import io.cepheus.server.rules.RuleFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds test cases: every directory with an {@code expected.jsonl} file, under the directories
 * searched. See {@link TestCase} for what belongs to a case.
 */
public final class TestCases {

    /** The file that makes a directory a test case. */
    public static final String EXPECTED = "expected.jsonl";

    private TestCases() {}

    /**
     * @param root a case directory, or a directory with cases below it
     * @return the cases under {@code root} in path order
     * @throws IllegalArgumentException if {@code root} is not a directory
     */
    public static List<TestCase> find(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("not a directory: " + root);
        }
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(root)) {
            dirs = walk.filter(Files::isDirectory)
                    .filter(d -> Files.isRegularFile(d.resolve(EXPECTED)))
                    .filter(d -> d.equals(root) || !hidden(root.relativize(d)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<TestCase> cases = new ArrayList<>();
        for (Path dir : dirs) {
            String name = dir.equals(root) ? dir.toAbsolutePath().normalize().getFileName().toString()
                    : root.relativize(dir).toString().replace('\\', '/');
            cases.add(new TestCase(name, dir, ruleFiles(root, dir), eventFiles(dir), dir.resolve(EXPECTED)));
        }
        return cases;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".") || part.toString().equals("target")) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> ruleFiles(Path root, Path dir) {
        Path top = root.toAbsolutePath().normalize();
        for (Path d = dir; d != null; d = d.getParent()) {
            List<Path> files = RuleFiles.ruleFilesIn(d);
            if (!files.isEmpty() || d.toAbsolutePath().normalize().equals(top)) {
                return files;
            }
        }
        return List.of();
    }

    private static List<Path> eventFiles(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .filter(f -> !f.getFileName().toString().equals(EXPECTED))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
