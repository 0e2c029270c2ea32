package io.cepheus.server.rules;

import io.cepheus.core.Match;

/** Renders the alert of one match: its summary and named fields. Immutable and thread-safe. */
@FunctionalInterface
public interface AlertRenderer {

    /**
     * @param match a match of the rule this renderer belongs to
     * @return the summary and fields; never null
     */
    RenderedAlert render(Match match);
}
