package io.cepheus.server.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alert text of one match.
 *
 * @param summary the interpolated summary; null when the rule has none
 * @param fields the named alert fields in declaration order; values are null, {@link Boolean},
 *     {@link Long}, {@link Double}, {@link java.math.BigDecimal}, {@link String}, {@link
 *     java.time.Instant} (timestamps) or {@link java.time.Duration}
 */
public record RenderedAlert(String summary, Map<String, Object> fields) {
    public RenderedAlert {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
