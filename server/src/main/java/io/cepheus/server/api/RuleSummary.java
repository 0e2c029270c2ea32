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
 * @param window its window ({@code within}, or the aggregate's), if it has one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleSummary(String kind, String title, String severity, List<String> tags, List<String> streams,
                          List<String> alertsRead, List<String> partitionBy, String window) {

    public RuleSummary {
        tags = List.copyOf(tags);
        streams = List.copyOf(streams);
        alertsRead = List.copyOf(alertsRead);
        partitionBy = List.copyOf(partitionBy);
    }

    static RuleSummary of(CompiledRule r) {
        return new RuleSummary(r.isAggregate() ? "aggregate" : "pattern", r.title().orElse(null),
                r.severity().orElse(null), r.tags(), r.streams().stream().map(StreamLayout::name).toList(),
                r.alertsRead(), r.partitionBy(), r.window().orElse(null));
    }
}
