package io.cepheus.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads the server's configuration. Each option comes from the first of these that sets it:
 * a command-line flag, its {@code CEPHEUS_*} environment variable, its key in the config file (Java
 * properties, UTF-8), its default. Values are checked here, once, at start; unknown keys and
 * unknown {@code CEPHEUS_*} variables are errors too, so that a misspelt option never goes unnoticed.
 *
 * <p>Thread-safe: holds only an immutable copy of the environment.
 */
public final class ConfigLoader {

    static final String ENV_PREFIX = "CEPHEUS_";

    private final Map<String, String> environment;

    /** @param environment the process environment (e.g. {@code System.getenv()}); only {@code CEPHEUS_*} is read */
    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * @param file the config file ({@code --config}), if any
     * @param flags values given as command-line flags, by option key (e.g. {@code rules}); a flag's
     *     name is the key with dashes ({@code --rules})
     * @return the validated configuration
     * @throws ConfigException naming the option and the bad value, an unknown option, or a config
     *     file that cannot be read
     * @throws IllegalArgumentException if {@code flags} holds a key that is no option
     */
    public ServerConfig load(Optional<Path> file, Map<String, String> flags) {
        Sources sources = new Sources();
        file.ifPresent(f -> readFile(f, sources));
        readEnvironment(sources);
        flags.forEach((key, value) -> sources.put(option(key), value, "--" + key.replace('.', '-')));
        return new Assembly(sources).config();
    }

    private static Option<?> option(String key) {
        return Options.ALL.stream().filter(o -> o.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no option " + key));
    }

    private static void readFile(Path file, Sources sources) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("cannot read the config file " + file + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read the config file " + file + ": " + e.getMessage());
        }
        List<String> keys = Options.ALL.stream().map(Option::key).toList();
        for (String key : new TreeMap<>(toMap(properties)).keySet()) {
            Option<?> option = Options.ALL.stream().filter(o -> o.key().equals(key)).findFirst()
                    .orElseThrow(() -> new ConfigException("unknown option '" + key + "' in " + file
                            + Suggestions.hint(key, keys)));
            sources.put(option, properties.getProperty(key), key + " in " + file);
        }
    }

    private void readEnvironment(Sources sources) {
        List<String> variables = Options.ALL.stream().map(Option::environmentVariable).toList();
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            if (!e.getKey().startsWith(ENV_PREFIX)) {
                continue;
            }
            Option<?> option = Options.ALL.stream().filter(o -> o.environmentVariable().equals(e.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new ConfigException("unknown environment variable " + e.getKey()
                            + Suggestions.hint(e.getKey(), variables)));
            sources.put(option, e.getValue(), e.getKey());
        }
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return map;
    }
}
