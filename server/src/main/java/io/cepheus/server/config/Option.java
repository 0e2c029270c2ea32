package io.cepheus.server.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One option: its key in the config file, from which its environment variable and flag follow
 * ({@code http.port}: {@code CEPHEUS_HTTP_PORT}, {@code --http-port}), its default and its meaning.
 *
 * @param key the config-file key: lower case, words separated by dots
 * @param defaultValue the default as text, or null when the option is unset by default
 * @param parser reads and checks a value
 * @param meaning one sentence for the documentation and {@code serve --help}
 */
record Option<T>(String key, String defaultValue, Parser<T> parser, String meaning) {

    Option {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(meaning, "meaning");
        if (!key.matches("[a-z]+(\\.[a-z]+)*")) {
            throw new IllegalArgumentException("option keys are lower-case words joined by dots: " + key);
        }
    }

    /** The environment variable that overrides the option: {@code CEPHEUS_} and the key in upper case. */
    String environmentVariable() {
        return ConfigLoader.ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The command-line flag for the option, where {@code serve} offers one. */
    String flag() {
        return "--" + key.replace('.', '-');
    }
}
