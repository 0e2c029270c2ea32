package io.cepheus.dsl;

import io.cepheus.core.AggregateResult;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.MatchKind;
import io.cepheus.core.Rule;
import io.cepheus.core.pattern.Aggregate;
import io.cepheus.core.window.AggregateRule;
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

    /** The name of the partition-key field of an {@code alerts(rule)} event. */
    public static final String ALERT_KEY = "key";
    /** The name of the event-time field of an {@code alerts(rule)} event: when the alert fired. */
    public static final String ALERT_TIME = "time";

    /** How an alert block renders: its parts compiled against the rule's stream and steps. */
    record AlertTemplate(String severity, List<Object> summary, Map<String, ExpressionCompiler.Typed> fields,
            List<Aggregate> aggregates) {
        /** A summary part: a String, or an Interpolated expression. */
        record Interpolated(Eval eval, Type type) {}
    }

    /**
     * The aggregate part of an aggregate rule.
     *
     * @param rule what cep-core runs
     * @param items the named aggregates, compiled over the measures
     * @param measureTypes the static type of each measure, in the rule's order
     * @param window the window as written ({@code over last 10m})
     */
    record Aggregation(AggregateRule rule, Map<String, ExpressionCompiler.Typed> items, List<Type> measureTypes,
            String window) {}

    /** Metadata of the rule as written. */
    record Info(String title, String description, String severity, List<String> tags, String owner, List<String> channels,
            List<String> partitionBy) {}

    private final String name;
    private final Rule rule;
    private final Aggregation aggregation;
    private final BaselineTable baselines;
    private final List<String> alertsOf;
    private final StreamLayout stream;
    private final List<StreamLayout> streams;
    /** Over several streams: where each stream's block starts in the rule's event; null for one stream. */
    private final int[] offsets;
    private final int[] fieldsRead;
    private final Eval[] partitionKeys;
    private final Info info;
    private final AlertTemplate onMatch;
    private final AlertTemplate onTimeout;
    private final Suppression suppression;
    private final Eval[] suppressionKeys;
    private final List<Aggregate> suppressionAggregates;

    CompiledRule(String name, Rule rule, Aggregation aggregation, StreamLayout stream, int[] fieldsRead, Eval[] partitionKeys,
            Info info, AlertTemplate onMatch, AlertTemplate onTimeout, Suppression suppression, Eval[] suppressionKeys,
            List<Aggregate> suppressionAggregates, BaselineTable baselines, List<String> alertsOf, List<StreamLayout> streams,
            int[] offsets) {
        this.name = name;
        this.rule = rule;
        this.aggregation = aggregation;
        this.baselines = baselines;
        this.alertsOf = List.copyOf(alertsOf);
        this.stream = stream;
        this.streams = List.copyOf(streams);
        this.offsets = offsets == null ? null : offsets.clone();
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

    /** The pattern rule as cep-core runs it; null for an aggregate rule (see {@link #aggregateRule()}). */
    public Rule rule() {
        return rule;
    }

    /** Whether this is an aggregate rule ({@code aggregate WINDOW { ... }}) rather than a pattern rule. */
    public boolean isAggregate() {
        return aggregation != null;
    }

    /** The aggregate rule as cep-core runs it; null for a pattern rule. */
    public AggregateRule aggregateRule() {
        return aggregation == null ? null : aggregation.rule();
    }

    /**
     * The baselines of the rule's stream ({@code avg(amount) over last 30d} in any rule of the stream),
     * in slot order: an engine that runs this rule must declare exactly these, in this order
     * ({@code CepEngine.Builder.baseline}). The same list for every rule of one stream; empty when no
     * rule of the stream reads a baseline. Complete once compilation has finished.
     */
    public List<io.cepheus.core.window.Baseline> baselines() {
        return baselines.list();
    }

    /**
     * The rule whose alerts this rule reads when that is its only stream ({@code from alerts(rule)});
     * empty for a rule over a declared stream or over several streams (see {@link #alertsRead()}).
     */
    public Optional<String> readsAlertsOf() {
        return offsets == null && !alertsOf.isEmpty() ? Optional.of(alertsOf.get(0)) : Optional.empty();
    }

    /** Every rule whose alerts this rule reads ({@code alerts(rule)} in its {@code from}), in order; often empty. */
    public List<String> alertsRead() {
        return alertsOf;
    }

    /**
     * The streams the rule reads, in the order of {@code from}: declared streams and {@code
     * alerts(rule)} streams. One for most rules; several for a pattern rule over several streams,
     * whose events ({@link #stream()}) are then a union: see {@link #eventFor(String, Event)}.
     */
    public List<StreamLayout> streams() {
        return streams;
    }

    /** Whether the rule reads the stream named {@code streamName} ({@code payments}, {@code alerts(rule)}). */
    public boolean reads(String streamName) {
        return streams.stream().anyMatch(s -> s.name().equals(streamName));
    }

    /**
     * An event of the stream named {@code streamName} as an event of this rule, to give to the
     * rule's engine: for a rule over one stream the event itself; over several streams an event of
     * the union layout ({@link #stream()}): field 0 holds the stream's name, the stream's fields
     * fill its own block and the other blocks are null; values after the stream's fields (a record's
     * trace context, say) follow the union's fields. Id and time are kept.
     *
     * @throws IllegalArgumentException if the rule does not read that stream
     */
    public Event eventFor(String streamName, Event event) {
        for (int i = 0; i < streams.size(); i++) {
            StreamLayout s = streams.get(i);
            if (!s.name().equals(streamName)) {
                continue;
            }
            if (offsets == null) {
                return event;
            }
            int own = s.fields().size();
            int after = Math.max(0, event.size() - own);
            Object[] values = new Object[stream.fields().size() + after];
            values[0] = streamName;
            for (int f = 0; f < Math.min(event.size(), own); f++) {
                values[offsets[i] + f] = event.get(f);
            }
            for (int f = 0; f < after; f++) {
                values[stream.fields().size() + f] = event.get(own + f);
            }
            return new Event(event.id(), event.timestamp(), values);
        }
        throw new IllegalArgumentException("rule " + name + " does not read stream " + streamName + "; it reads "
                + String.join(", ", streams.stream().map(StreamLayout::name).toList()));
    }

    /**
     * The typed fields of the rule's {@code alert} block in declaration order: what {@code
     * alerts(rule)} events carry besides {@code key} and {@code time}. A field whose type is unknown
     * (the literal null) is a string.
     */
    public Map<String, FieldType> alertFields() {
        Map<String, FieldType> out = new LinkedHashMap<>();
        if (onMatch != null) {
            onMatch.fields().forEach((n, t) -> out.put(n, fieldType(t.type())));
        }
        return out;
    }

    private static FieldType fieldType(Type t) {
        return switch (t) {
            case BOOL -> FieldType.BOOL;
            case LONG -> FieldType.LONG;
            case DOUBLE -> FieldType.DOUBLE;
            case DECIMAL -> FieldType.DECIMAL;
            case TIMESTAMP -> FieldType.TIMESTAMP;
            case DURATION -> FieldType.DURATION;
            default -> FieldType.STRING;
        };
    }

    /**
     * The layout of the rule's events: the stream it reads ({@code from}); for a rule over several
     * streams their union (named after them, field 0 {@code $stream}, then each stream's fields as
     * {@code stream.field}).
     */
    public StreamLayout stream() {
        return stream;
    }

    /** Indices (in {@link #stream()}'s layout) of the fields the rule reads, ascending. */
    public int[] fieldIndicesRead() {
        return fieldsRead.clone();
    }

    /** Indices, in the layout of the stream named {@code streamName}, of its fields the rule reads; empty if it does not read it. */
    int[] fieldIndicesRead(String streamName) {
        if (offsets == null) {
            return stream.name().equals(streamName) ? fieldsRead.clone() : new int[0];
        }
        for (int i = 0; i < streams.size(); i++) {
            if (streams.get(i).name().equals(streamName)) {
                int from = offsets[i];
                int to = from + streams.get(i).fields().size();
                return java.util.Arrays.stream(fieldsRead).filter(x -> x >= from && x < to).map(x -> x - from).toArray();
            }
        }
        return new int[0];
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
     * Renders a result of this pattern rule. MATCH and ABSENCE results use the {@code alert} block,
     * TIMEOUT results the {@code alert on timeout} block; a rule without the block gets an alert with
     * no fields and its title (or name) as summary. Steps with no bound event read as null.
     *
     * @throws IllegalArgumentException if {@code match} is not a result of this rule
     */
    public Alert render(Match match) {
        if (rule == null || !match.rule().equals(rule.id())) {
            throw new IllegalArgumentException("match of rule " + match.rule() + " given to rule " + name);
        }
        AlertTemplate template = match.kind() == MatchKind.TIMEOUT ? onTimeout : onMatch;
        Alert.Kind kind = switch (match.kind()) {
            case MATCH -> Alert.Kind.MATCH;
            case ABSENCE -> Alert.Kind.ABSENCE;
            case TIMEOUT -> Alert.Kind.TIMEOUT;
        };
        if (template == null) {
            return new Alert(name, kind, match.key(), info.severity(), info.title(), fallback(), Map.of(), info.channels(), match,
                    null, Map.of());
        }
        AlertContext context = new AlertContext(match, template.aggregates());
        Event last = context.lastEvent();
        return new Alert(name, kind, match.key(), severity(template), info.title(), summary(template, last, context, fallback()),
                fields(template, last, context), info.channels(), match, null, Map.of());
    }

    /**
     * Renders a result of this aggregate rule with its {@code alert} block; {@link Alert#values()}
     * holds the named aggregates (or, if the rule names none, every measure by its canonical text).
     *
     * @throws IllegalArgumentException if {@code result} is not a result of this rule
     */
    public Alert render(AggregateResult result) {
        if (aggregation == null || !result.rule().equals(aggregation.rule().id())) {
            throw new IllegalArgumentException("aggregate result of rule " + result.rule() + " given to rule " + name);
        }
        AggregateContext context = AggregateContext.of(result);
        Map<String, Object> values = new LinkedHashMap<>();
        if (aggregation.items().isEmpty()) {
            int i = 0;
            for (Map.Entry<String, Object> m : result.values().entrySet()) {
                values.put(m.getKey(), typed(aggregation.measureTypes().get(i++), m.getValue()));
            }
        } else {
            aggregation.items().forEach((n, t) -> values.put(n, typed(t.type(), safely(t.eval(), null, context))));
        }
        if (onMatch == null) {
            return new Alert(name, Alert.Kind.AGGREGATE, result.key(), info.severity(), info.title(), fallback(), Map.of(),
                    info.channels(), null, result, values);
        }
        return new Alert(name, Alert.Kind.AGGREGATE, result.key(), severity(onMatch), info.title(),
                summary(onMatch, null, context, fallback()), fields(onMatch, null, context), info.channels(), null, result, values);
    }

    /** The window of an aggregate rule as written ({@code over last 10m}, {@code every 1h}, ...); empty for a pattern rule. */
    public Optional<String> window() {
        return aggregation == null ? Optional.empty() : Optional.of(aggregation.window());
    }

    /**
     * An alert of a rule this rule reads ({@link #alertsRead()}) as an event of this rule: an event
     * of {@code alerts(rule)} with {@code key}, {@code time} (when the alert fired) and the alert's
     * fields by name (over several streams, placed in the union by {@link #eventFor}). Its id is the
     * id of the event that completed the match or triggered the aggregate (the line number, in a
     * backtest), so results downstream point at the input.
     *
     * @throws IllegalArgumentException if this rule does not read the alerts of {@code alert}'s rule
     */
    public Event alertEvent(Alert alert) {
        String streamName = "alerts(" + alert.rule() + ")";
        StreamLayout layout = streams.stream().filter(s -> s.name().equals(streamName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("rule " + name + " does not read " + streamName + "; it reads "
                        + String.join(", ", streams.stream().map(StreamLayout::name).toList())));
        return eventFor(streamName, alertEvent(layout, alert));
    }

    private static Event alertEvent(StreamLayout stream, Alert alert) {
        Object[] values = new Object[stream.fields().size()];
        long time = alert.match() != null ? alert.match().timestamp() : alert.aggregate().timestamp();
        long id = alert.match() != null ? lastId(alert.match()) : alert.aggregate().triggerEventId();
        values[0] = alert.key();
        values[1] = time;
        for (StreamLayout.Field f : stream.fields().subList(2, stream.fields().size())) {
            Object v = alert.fields().get(f.name());
            values[f.index()] = switch (v) {
                case java.time.Instant i when f.type() == FieldType.TIMESTAMP -> i.toEpochMilli();
                case java.time.Duration d when f.type() == FieldType.DURATION -> d.toMillis();
                case null -> null;
                default -> f.type() == FieldType.TIMESTAMP || f.type() == FieldType.DURATION ? null : v;
            };
        }
        return new Event(id, time, values);
    }

    private static long lastId(Match match) {
        List<Event> events = match.allEvents();
        return events.isEmpty() ? 0 : events.get(events.size() - 1).id();
    }

    private String fallback() {
        return info.title() != null ? info.title() : name;
    }

    private String severity(AlertTemplate template) {
        return template.severity() != null ? template.severity() : info.severity();
    }

    private static String summary(AlertTemplate template, Event last, io.cepheus.core.pattern.MatchContext context,
            String fallback) {
        if (template.summary() == null) {
            return fallback;
        }
        StringBuilder out = new StringBuilder();
        for (Object part : template.summary()) {
            if (part instanceof AlertTemplate.Interpolated i) {
                out.append(Values.render(i.type(), safely(i.eval(), last, context)));
            } else {
                out.append(part);
            }
        }
        return out.toString();
    }

    private static Map<String, Object> fields(AlertTemplate template, Event last, io.cepheus.core.pattern.MatchContext context) {
        Map<String, Object> fields = new LinkedHashMap<>();
        template.fields().forEach((field, t) -> fields.put(field, typed(t.type(), safely(t.eval(), last, context))));
        return fields;
    }

    /** Timestamps as {@link java.time.Instant}, durations as {@link java.time.Duration}; other values as they are. */
    private static Object typed(Type type, Object v) {
        if (v == null) {
            return null;
        }
        return switch (type) {
            case TIMESTAMP -> java.time.Instant.ofEpochMilli(Values.toLong(v));
            case DURATION -> java.time.Duration.ofMillis(Values.toLong(v));
            default -> v;
        };
    }

    /** The suppression key of an aggregate result: the {@code per} values joined by {@code |}, else the partition key. */
    public String suppressionKey(AggregateResult result) {
        if (suppressionKeys.length == 0) {
            return result.key();
        }
        AggregateContext context = AggregateContext.of(result);
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < suppressionKeys.length; i++) {
            if (i > 0) {
                key.append('|');
            }
            key.append(safely(suppressionKeys[i], null, context));
        }
        return key.toString();
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
        return "CompiledRule[" + name + " from " + String.join(", ", streams.stream().map(StreamLayout::name).toList()) + "]";
    }
}
