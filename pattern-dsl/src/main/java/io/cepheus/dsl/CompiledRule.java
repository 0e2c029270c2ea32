package io.cepheus.dsl;

import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.MatchKind;
import io.cepheus.core.Rule;
import io.cepheus.core.pattern.Aggregate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rule compiled for cep-core: the engine {@link Rule} (pattern with compiled conditions,
 * window, skip strategy, aggregates), plus what the server needs around it: the stream and the
 * fields the rule reads, the partition key function, alert rendering, suppression and routing.
 *
 * <p>Immutable and thread-safe: one instance serves every key.
 */
public final class CompiledRule {

    /** How an alert block renders: its parts compiled against the rule's stream and steps. */
    record AlertTemplate(String severity, List<Object> summary, Map<String, Eval> fields, List<Aggregate> aggregates) {
        /** A summary part: a String, or an Interpolated expression. */
        record Interpolated(Eval eval, Type type) {}
    }

    /** Metadata of the rule as written. */
    record Info(String title, String description, String severity, List<String> tags, String owner, List<String> channels,
            List<String> partitionBy) {}

    private final String name;
    private final Rule rule;
    private final StreamLayout stream;
    private final int[] fieldsRead;
    private final Eval[] partitionKeys;
    private final Info info;
    private final AlertTemplate onMatch;
    private final AlertTemplate onTimeout;
    private final Suppression suppression;
    private final Eval[] suppressionKeys;
    private final List<Aggregate> suppressionAggregates;

    CompiledRule(String name, Rule rule, StreamLayout stream, int[] fieldsRead, Eval[] partitionKeys, Info info,
            AlertTemplate onMatch, AlertTemplate onTimeout, Suppression suppression, Eval[] suppressionKeys,
            List<Aggregate> suppressionAggregates) {
        this.name = name;
        this.rule = rule;
        this.stream = stream;
        this.fieldsRead = fieldsRead.clone();
        this.partitionKeys = partitionKeys;
        this.info = info;
        this.onMatch = onMatch;
        this.onTimeout = onTimeout;
        this.suppression = suppression;
        this.suppressionKeys = suppressionKeys;
        this.suppressionAggregates = suppressionAggregates;
    }

    /** The rule's name (also the engine rule's id). */
    public String name() {
        return name;
    }

    /** The rule as cep-core runs it. */
    public Rule rule() {
        return rule;
    }

    /** The stream the rule reads ({@code from}). */
    public StreamLayout stream() {
        return stream;
    }

    /** Indices (in {@link #stream()}'s layout) of the fields the rule reads, ascending. */
    public int[] fieldIndicesRead() {
        return fieldsRead.clone();
    }

    /** Names of the fields the rule reads, in layout order. */
    public List<String> fieldsRead() {
        return java.util.Arrays.stream(fieldsRead).mapToObj(i -> stream.fields().get(i).name()).toList();
    }

    /**
     * The partition key of {@code event} for this rule: the {@code partition by} values joined by
     * {@code |} (without {@code partition by}: the stream's {@code key} field, or {@code ""} — one
     * partition — if the stream declares none).
     *
     * @return null if a key value is null: the event has no partition under this rule and should
     *     not be given to it
     */
    public String partitionKey(Event event) {
        if (partitionKeys.length == 1) {
            Object v = safely(partitionKeys[0], event, null);
            return v == null ? null : v.toString();
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < partitionKeys.length; i++) {
            Object v = safely(partitionKeys[i], event, null);
            if (v == null) {
                return null;
            }
            if (i > 0) {
                key.append('|');
            }
            key.append(v);
        }
        return key.toString();
    }

    /**
     * The {@code partition by} expressions in canonical form; empty when the rule has none (then
     * the stream's key field, or one partition). Rules with equal lists partition a stream alike,
     * so one engine can serve them; an event must reach each rule under that rule's own key.
     */
    public List<String> partitionBy() {
        return info.partitionBy();
    }

    public Optional<String> title() {
        return Optional.ofNullable(info.title());
    }

    public Optional<String> description() {
        return Optional.ofNullable(info.description());
    }

    /** The rule's severity ({@code info}, {@code low}, {@code medium}, {@code high}, {@code critical}), if given. */
    public Optional<String> severity() {
        return Optional.ofNullable(info.severity());
    }

    public List<String> tags() {
        return info.tags();
    }

    public Optional<String> owner() {
        return Optional.ofNullable(info.owner());
    }

    /** The notification channels of {@code notify}. */
    public List<String> channels() {
        return info.channels();
    }

    /** The {@code suppress} clause, if any. */
    public Optional<Suppression> suppression() {
        return Optional.ofNullable(suppression);
    }

    /** The suppression key of a result: the {@code per} values joined by {@code |}, else the partition key. */
    public String suppressionKey(Match match) {
        if (suppressionKeys.length == 0) {
            return match.key();
        }
        AlertContext context = new AlertContext(match, suppressionAggregates);
        Event last = context.lastEvent();
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < suppressionKeys.length; i++) {
            if (i > 0) {
                key.append('|');
            }
            key.append(safely(suppressionKeys[i], last, context));
        }
        return key.toString();
    }

    /**
     * Renders a result of this rule. MATCH and ABSENCE results use the {@code alert} block, TIMEOUT
     * results the {@code alert on timeout} block; a rule without the block gets an alert with no
     * fields and its title (or name) as summary. Steps with no bound event read as null.
     *
     * @throws IllegalArgumentException if {@code match} is not a result of this rule
     */
    public Alert render(Match match) {
        if (!match.rule().equals(rule.id())) {
            throw new IllegalArgumentException("match of rule " + match.rule() + " given to rule " + name);
        }
        AlertTemplate template = match.kind() == MatchKind.TIMEOUT ? onTimeout : onMatch;
        String fallback = info.title() != null ? info.title() : name;
        if (template == null) {
            return new Alert(name, match.kind(), match.key(), info.severity(), info.title(), fallback, Map.of(),
                    info.channels(), match);
        }
        AlertContext context = new AlertContext(match, template.aggregates());
        Event last = context.lastEvent();
        String summary = fallback;
        if (template.summary() != null) {
            StringBuilder out = new StringBuilder();
            for (Object part : template.summary()) {
                if (part instanceof AlertTemplate.Interpolated i) {
                    out.append(Values.render(i.type(), safely(i.eval(), last, context)));
                } else {
                    out.append(part);
                }
            }
            summary = out.toString();
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        template.fields().forEach((field, eval) -> fields.put(field, safely(eval, last, context)));
        String severity = template.severity() != null ? template.severity() : info.severity();
        return new Alert(name, match.kind(), match.key(), severity, info.title(), summary, fields, info.channels(), match);
    }

    /** A value that cannot be computed (a long overflow, a field of the wrong type) is null. */
    private static Object safely(Eval eval, Event event, io.cepheus.core.pattern.MatchContext context) {
        try {
            return eval.eval(event, context);
        } catch (ArithmeticException | ClassCastException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "CompiledRule[" + name + " from " + stream.name() + "]";
    }
}
