package io.cepheus.server.runtime;

import io.cepheus.server.rules.OfflineRule;
import java.util.List;

/**
 * What a {@link CepRuntime} needs to know of rules' earlier versions when a rule changes or the
 * runtime reopens over stored state.
 */
public interface RuleVersions {

    /** No earlier version is known; every replaced version drains. */
    RuleVersions NONE = rule -> List.of();

    /**
     * Earlier versions of {@code rule} that may still be draining in stored state, newest first: a
     * reopened runtime goes on draining those its store holds as draining.
     */
    List<OfflineRule> earlier(String rule);

    /**
     * Whether the version that the running version of {@code rule} replaced drains (its partial
     * matches go on until their window ends) or is dropped at once with them.
     */
    default boolean drains(String rule) {
        return true;
    }
}
