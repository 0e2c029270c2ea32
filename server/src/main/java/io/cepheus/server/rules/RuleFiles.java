package io.cepheus.server.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds rule files. A file named on the command line is taken as it is; a directory stands for
 * every {@code *.cep} file under it (hidden directories and {@code target} are skipped), in path
 * order. The files of one directory form one rule set: they are checked and compiled together, so
 * a rule may read a stream declared in another file of its directory.
 */
public final class RuleFiles {

    /** The file extension of rule files. */
    public static final String EXTENSION = ".cep";

    private RuleFiles() {}

    /**
     * @param paths files and directories as given
     * @return the rule files, each once, files first as given, directories expanded in path order
     * @throws IllegalArgumentException naming the path, if one does not exist
     */
    public static List<Path> expand(List<Path> paths) {
        LinkedHashSet<Path> files = new LinkedHashSet<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                files.addAll(ruleFilesUnder(p));
            } else if (Files.isRegularFile(p)) {
                files.add(p.normalize());
            } else {
                throw new IllegalArgumentException("no such file or directory: " + p);
            }
        }
        return List.copyOf(files);
    }

    /** The {@code *.cep} files under {@code dir}, recursively, sorted by path. */
    public static List<Path> ruleFilesUnder(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(EXTENSION))
                    .filter(f -> !skipped(dir.relativize(f)))
                    .map(Path::normalize)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code *.cep} files directly in {@code dir}, sorted by name. */
    public static List<Path> ruleFilesIn(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(EXTENSION))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Groups files by their directory, in first-seen order: each group is one rule set. */
    public static List<List<Path>> byDirectory(List<Path> files) {
        Map<Path, List<Path>> groups = new LinkedHashMap<>();
        for (Path f : files) {
            Path dir = f.toAbsolutePath().normalize().getParent();
            groups.computeIfAbsent(dir, d -> new ArrayList<>()).add(f);
        }
        return groups.values().stream().map(List::copyOf).toList();
    }

    private static boolean skipped(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            String part = relative.getName(i).toString();
            if (part.startsWith(".") || part.equals("target")) {
                return true;
            }
        }
        return false;
    }
}
