package io.cepheus.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cepheus.dsl.CompiledRule;
import io.cepheus.dsl.StreamLayout;
import java.util.List;

/**
 * What a compiled rule is, in brief.
 *
 * @param kind {@code pattern} or {@code aggregate}
 * @param title its title, if it has one
 * @param severity its severity, if it has one
 * @param tags its tags
 * @param streams the streams it reads
 * @param alertsRead the rules whose alerts it reads ({@code from alerts(rule)})
 * @param partitionBy the fields it is keyed by
 * @param window its window: a pattern's {@code within} (e.g. {@code 10m}), an aggregate's as written
 *     ({@code over last 10m}); absent when it has none
 * @param pattern a pattern rule's pattern as a graph (positions in the text it was compiled from);
 *     absent for an aggregate rule
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleSummary(String kind, String title, String severity, List<String> tags, List<String> streams,
                          List<String> alertsRead, List<String> partitionBy, String window,
                          PatternGraph pattern) {

    public RuleSummary {
        tags = List.copyOf(tags);
        streams = List.copyOf(streams);
        alertsRead = List.copyOf(alertsRead);
        partitionBy = List.copyOf(partitionBy);
    }

    /** {@code r} in brief, with {@code pattern}: its pattern's graph (null for none). */
    static RuleSummary of(CompiledRule r, PatternGraph pattern) {
        return new RuleSummary(r.isAggregate() ? "aggregate" : "pattern", r.title().orElse(null),
                r.severity().orElse(null), r.tags(), r.streams().stream().map(StreamLayout::name).toList(),
                r.alertsRead(), r.partitionBy(), r.window().orElseGet(() -> r.rule() == null || r.rule().within() == null
                        ? null : text(r.rule().within())), r.isAggregate() ? null : pattern);
    }

    /** A duration in its largest whole unit, as the rule language writes it: {@code 90s}, {@code 10m}, {@code 2h}. */
    static String text(java.time.Duration d) {
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }
}
