package io.cepheus.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A pattern rule's pattern as a graph, for drawing it beside its text: the steps as written (with
 * quantifier, contiguity, negation, condition and where each is in the text), the edges a match can
 * take from step to step, the quantified groups, the window and the skip strategy. Built from the
 * rule's syntax tree by {@link PatternGraphs}; positions are in the text the graph was made from (the
 * request's for a validation, the stored canonical text for a rule read).
 *
 * @param steps every step, in text order
 * @param edges how a match goes on from one step to the next, and the repetitions of groups
 * @param start the steps a match can begin with
 * @param end the steps a match can end with
 * @param groups the quantified groups ({@code (a b){2,}}), innermost first
 * @param window the rule's {@code within} as written; null when it has none
 * @param skip the after-match skip strategy ({@code no_skip} unless written)
 * @param timeouts whether the rule alerts on timed-out partial matches ({@code alert on timeout})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatternGraph(List<Step> steps, List<Edge> edges, List<String> start, List<String> end, List<Group> groups,
                           String window, Skip skip, boolean timeouts) {

    public PatternGraph {
        steps = List.copyOf(steps);
        edges = List.copyOf(edges);
        start = List.copyOf(start);
        end = List.copyOf(end);
        groups = List.copyOf(groups);
    }

    /**
     * One step of the pattern.
     *
     * @param name its name
     * @param stream the stream it takes events from; null when the rule reads none by name
     * @param quantifier the quantifier as written ({@code +}, {@code {3,}}, ...); null for one event
     * @param min at least this many events (0 when optional)
     * @param max at most this many; null for no limit
     * @param greedy whether a loop takes events while it can (a quantifier without a trailing {@code ?})
     * @param optional whether the step may bind no event
     * @param negated {@code not step}: no such event may come
     * @param contiguity how it joins the element before it: {@code strict} (juxtaposed), {@code relaxed}
     *     ({@code ->}) or {@code any} ({@code ->>}); null for a first element
     * @param inner between the events of a loop: {@code strict} ({@code consecutive}), {@code relaxed} or
     *     {@code any}; null when it binds at most one event
     * @param within the window from the previous event to this one ({@code -> within 5s b}); null when none
     * @param condition the step's condition as written, on one line; null when it accepts every event
     * @param until the condition that ends its loop; null when none
     * @param span where the step is named in the pattern
     * @param definition where the step is defined under {@code where}; null when it is not
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(String name, String stream, String quantifier, int min, Integer max, boolean greedy,
                       boolean optional, boolean negated, String contiguity, String inner, String within, String condition,
                       String until, Position span, Position definition) {}

    /**
     * A way from one step to the next.
     *
     * @param from the step a match has bound
     * @param to the step it may go on with
     * @param kind {@code next}, or {@code repeat} for a group's way back to its start
     * @param contiguity {@code strict}, {@code relaxed} or {@code any}
     * @param within the window of this link; null when none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Edge(String from, String to, String kind, String contiguity, String within) {}

    /**
     * A quantified group.
     *
     * @param steps its steps, in text order
     * @param quantifier as written; null when it is only {@code optional}
     * @param min at least this many times (0 when optional)
     * @param max at most this many; null for no limit
     * @param optional whether it may match no time
     * @param span where it is in the text
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Group(List<String> steps, String quantifier, int min, Integer max, boolean optional, Position span) {
        public Group {
            steps = List.copyOf(steps);
        }
    }

    /**
     * The after-match skip strategy.
     *
     * @param strategy {@code no_skip}, {@code skip_to_next}, {@code skip_past_last_event}, {@code skip_to_first} or
     *     {@code skip_to_last}
     * @param step the target step of {@code skip_to_first} and {@code skip_to_last}; else null
     * @param orFail whether a miss is an error ({@code or fail})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Skip(String strategy, String step, boolean orFail) {}

    /**
     * A stretch of text: 1-based lines and columns, the end exclusive (as a {@link Finding}'s).
     */
    public record Position(int line, int column, int endLine, int endColumn) {}
}
