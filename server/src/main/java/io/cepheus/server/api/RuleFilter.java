package io.cepheus.server.api;

import io.cepheus.server.control.RuleState;
import java.util.Optional;

/**
 * Which rules a listing shows; each given criterion must hold.
 *
 * @param tag a tag the rule has
 * @param severity its severity
 * @param state its state
 * @param stream a stream it reads
 */
public record RuleFilter(Optional<String> tag, Optional<String> severity, Optional<RuleState> state,
                         Optional<String> stream) {

    /**
     * A filter from a request's words.
     *
     * @param state {@code enabled} or {@code disabled}, if given
     * @throws ApiException (invalid) for another state
     */
    public static RuleFilter of(Optional<String> tag, Optional<String> severity, Optional<String> state,
                                Optional<String> stream) {
        return new RuleFilter(tag, severity, state.map(Rules::state), stream);
    }

    /** Every rule. */
    public static final RuleFilter ALL = new RuleFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    boolean test(RuleView r) {
        RuleSummary s = r.summary();
        return state.map(x -> x.label().equals(r.state())).orElse(true)
                && tag.map(x -> s != null && s.tags().contains(x)).orElse(true)
                && severity.map(x -> s != null && x.equals(s.severity())).orElse(true)
                && stream.map(x -> s != null && s.streams().contains(x)).orElse(true);
    }
}
