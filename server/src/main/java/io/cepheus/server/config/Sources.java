package io.cepheus.server.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Each option's value as written and where it was written; a later {@link #put} wins. Not thread-safe. */
final class Sources {

    /** A value as written, and the name of the option as the user wrote it (for messages). */
    record Setting(String text, String origin) {}

    private final Map<Option<?>, Setting> settings = new HashMap<>();

    void put(Option<?> option, String text, String origin) {
        settings.put(option, new Setting(text.strip(), origin));
    }

    /** The option's setting, or its default as a setting; empty if it is unset and has no default. */
    Optional<Setting> get(Option<?> option) {
        Setting s = settings.get(option);
        if (s != null) {
            return Optional.of(s);
        }
        return Optional.ofNullable(option.defaultValue()).map(d -> new Setting(d, option.key() + " (default)"));
    }
}
