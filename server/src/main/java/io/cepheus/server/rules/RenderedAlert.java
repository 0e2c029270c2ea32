package io.cepheus.server.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alert text of one match or aggregate result.
 *
 * @param summary the interpolated summary; null when the rule has none
 * @param fields the named alert fields in declaration order; values are null, {@link Boolean},
 *     {@link Long}, {@link Double}, {@link java.math.BigDecimal}, {@link String}, {@link
 *     java.time.Instant} (timestamps) or {@link java.time.Duration}
 * @param values an aggregate rule's named aggregates, typed like {@code fields}; empty for a pattern rule
 * @param source the rule language's own alert, for rules that read it ({@code from alerts(rule)});
 *     null when rendering failed
 */
public record RenderedAlert(String summary, Map<String, Object> fields, Map<String, Object> values,
        io.cepheus.dsl.Alert source) {
    public RenderedAlert {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** An alert with nothing rendered (its rendering failed). */
    public static RenderedAlert empty() {
        return new RenderedAlert(null, Map.of(), Map.of(), null);
    }
}
