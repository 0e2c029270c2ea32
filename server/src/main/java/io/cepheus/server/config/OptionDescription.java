package io.cepheus.server.config;

import java.util.List;
import java.util.Optional;

/**
 * An option as the documentation shows it.
 *
 * @param key the config-file key
 * @param environmentVariable the variable that overrides it
 * @param defaultValue the default, empty when the option is unset by default
 * @param meaning one sentence
 */
public record OptionDescription(String key, String environmentVariable, Optional<String> defaultValue, String meaning) {

    /** Every option, in the documentation's order. */
    public static List<OptionDescription> all() {
        return Options.ALL.stream()
                .map(o -> new OptionDescription(o.key(), o.environmentVariable(), Optional.ofNullable(o.defaultValue()),
                        o.meaning()))
                .toList();
    }
}
