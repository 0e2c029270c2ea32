package io.cepheus.server.rules;

import java.util.List;

/**
 * What a rule says about itself that its alerts carry: its {@code title}, {@code severity} and
 * {@code tags}; and where they go ({@code notify}). Immutable.
 *
 * @param title the rule's title; null if it has none
 * @param severity the rule's severity ({@code info}, {@code low}, {@code medium}, {@code high},
 *     {@code critical}); null if it has none (an alert block may still give one)
 * @param tags the rule's tags in declaration order; empty if it has none
 * @param channels the names of its {@code notify} clause (webhook endpoints); empty if it has none
 */
public record RuleInfo(String title, String severity, List<String> tags, List<String> channels) {

    /** A rule that says nothing about itself. */
    public static final RuleInfo NONE = new RuleInfo(null, null, List.of(), List.of());

    public RuleInfo {
        tags = List.copyOf(tags);
        channels = List.copyOf(channels);
    }

    /** A rule that notifies no one. */
    public RuleInfo(String title, String severity, List<String> tags) {
        this(title, severity, tags, List.of());
    }
}
