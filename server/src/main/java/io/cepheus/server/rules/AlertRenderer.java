package io.cepheus.server.rules;

import io.cepheus.core.AggregateResult;
import io.cepheus.core.Match;

/** Renders the alerts of one rule: summary and named fields. Immutable and thread-safe. */
public interface AlertRenderer {

    /**
     * @param match a match of the rule this renderer belongs to
     * @return the summary and fields; never null
     */
    RenderedAlert render(Match match);

    /**
     * @param result an aggregate result of the rule this renderer belongs to
     * @return the summary, fields and named aggregates; never null
     */
    RenderedAlert render(AggregateResult result);
}
