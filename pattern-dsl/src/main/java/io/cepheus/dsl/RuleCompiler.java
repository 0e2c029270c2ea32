package io.cepheus.dsl;

import io.cepheus.core.Rule;
import io.cepheus.core.pattern.AfterMatchSkip;
import io.cepheus.core.pattern.Aggregate;
import io.cepheus.core.pattern.Condition;
import io.cepheus.core.window.AggregateRule;
import io.cepheus.core.window.AggregateValues;
import io.cepheus.core.window.Measure;
import io.cepheus.core.window.Window;
import io.cepheus.dsl.tree.Declaration;
import io.cepheus.dsl.tree.Expression;
import io.cepheus.dsl.tree.Identifier;
import io.cepheus.dsl.tree.Node;
import io.cepheus.dsl.tree.PatternNode;
import io.cepheus.dsl.tree.RuleClause;
import io.cepheus.dsl.tree.SourceFile;
import io.cepheus.dsl.tree.Span;
import io.cepheus.dsl.tree.StreamClause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks parsed files and compiles their rules: streams first (so a rule may use a stream declared
 * in any file), then each rule. Every problem is reported with its position; a rule with errors is
 * skipped, the others are still checked, so one run reports as much as it can.
 */
final class RuleCompiler {

    /** A parsed file and its source name. */
    record ParsedSource(Source source, SourceFile tree) {}

    static final Set<String> SEVERITIES = new java.util.LinkedHashSet<>(List.of("info", "low", "medium", "high", "critical"));
    static final List<String> TIME_FORMATS = List.of("epoch_millis", "epoch_seconds", "iso8601");
    private static final Map<String, String> TYPE_HINTS = Map.of("int", "long", "integer", "long", "float", "double",
            "boolean", "bool", "text", "string", "number", "decimal or double", "datetime", "timestamp", "instant", "timestamp");

    private final Problems problems;
    private final ExpressionCompiler expressions;
    private final Map<String, StreamLayout> streams = new LinkedHashMap<>();
    private final Map<String, Span> streamSpans = new HashMap<>();
    private final Map<String, Span> ruleSpans = new HashMap<>();
    private final boolean validateWithEngine;
    private final Map<String, CompiledRule> compiledByName = new HashMap<>();
    private final Map<String, StreamLayout> alertStreams = new HashMap<>();
    private final Map<String, BaselineTable> baselineTables = new HashMap<>();
    private final Set<String> ruleNames = new java.util.LinkedHashSet<>();

    RuleCompiler(Problems problems, boolean validateWithEngine) {
        this.problems = problems;
        this.expressions = new ExpressionCompiler(problems);
        this.validateWithEngine = validateWithEngine;
    }

    /** Checks and compiles; returns the rules without errors (the caller decides what errors mean). */
    CompiledRules compile(List<ParsedSource> files) {
        List<RuleEntry> entries = new ArrayList<>();
        for (ParsedSource f : files) {
            problems.source(f.source().name());
            for (Declaration d : f.tree().declarations()) {
                if (d instanceof Declaration.Stream s) {
                    stream(s);
                } else if (d instanceof Declaration.Rule r) {
                    entries.add(new RuleEntry(f.source().name(), r));
                }
            }
        }
        entries.forEach(e -> ruleNames.add(e.decl().name().value()));
        Map<Declaration.Rule, CompiledRule> compiled = new java.util.IdentityHashMap<>();
        for (RuleEntry e : Chains.order(entries, problems)) {
            problems.source(e.source());
            CompiledRule rule = new RuleCompilation(e.decl()).compile();
            if (rule != null) {
                compiled.put(e.decl(), rule);
                compiledByName.putIfAbsent(rule.name(), rule);
            }
        }
        List<CompiledRule> rules = new ArrayList<>();
        for (RuleEntry e : entries) {
            if (compiled.containsKey(e.decl())) {
                rules.add(compiled.get(e.decl()));
            }
        }
        return new CompiledRules(streams, rules, List.of());
    }

    /** A rule declaration and the name of its source. */
    record RuleEntry(String source, Declaration.Rule decl) {}

    /** The stream of {@code alerts(rule)}: key, time and the typed fields of the rule's alert block. */
    private StreamLayout alertStream(CompiledRule source, Identifier at) {
        return alertStreams.computeIfAbsent(source.name(), n -> {
            List<StreamLayout.Field> fields = new ArrayList<>();
            fields.add(new StreamLayout.Field(CompiledRule.ALERT_KEY, FieldType.STRING, 0));
            fields.add(new StreamLayout.Field(CompiledRule.ALERT_TIME, FieldType.TIMESTAMP, 1));
            source.alertFields().forEach((name, type) -> {
                if (name.equals(CompiledRule.ALERT_KEY) || name.equals(CompiledRule.ALERT_TIME)) {
                    problems.error(at, "alert field '" + name + "' of rule " + source.name() + " has the name of a field every "
                            + "alerts(...) event carries (key, time): rename it in rule " + source.name());
                } else {
                    fields.add(new StreamLayout.Field(name, type, fields.size()));
                }
            });
            return new StreamLayout("alerts(" + n + ")", null, CompiledRule.ALERT_TIME, null, Duration.ZERO,
                    CompiledRule.ALERT_KEY, null, fields);
        });
    }

    private BaselineTable baselineTable(StreamLayout stream) {
        return baselineTables.computeIfAbsent(stream.name(), n -> new BaselineTable());
    }

    // ------------------------------------------------------------------ streams

    private void stream(Declaration.Stream s) {
        String name = s.name().value();
        if (streamSpans.containsKey(name)) {
            problems.error(s.name(), "stream '" + name + "' is already declared at line " + streamSpans.get(name));
            return;
        }
        streamSpans.put(name, s.name().span());
        Map<Class<?>, Node> seen = new HashMap<>();
        String topic = null;
        StreamClause.Time time = null;
        Duration lateness = Duration.ZERO;
        Identifier key = null;
        Identifier id = null;
        Duration idle = null;
        List<StreamLayout.Field> fields = new ArrayList<>();
        boolean hasFields = false;
        for (StreamClause c : s.clauses()) {
            if (seen.putIfAbsent(c.getClass(), c) != null) {
                problems.error(c, "duplicate '" + keyword(c) + "' in stream " + name + " (first at line "
                        + seen.get(c.getClass()).span() + ")");
                continue;
            }
            switch (c) {
                case StreamClause.Topic t -> topic = t.topic().value();
                case StreamClause.Time t -> time = t;
                case StreamClause.Lateness l -> lateness = Duration.ofMillis(l.duration().millis());
                case StreamClause.Key k -> key = k.field();
                case StreamClause.Id i -> id = i.field();
                case StreamClause.IdleTimeout i -> {
                    if (i.duration().millis() <= 0) {
                        problems.error(i.duration(), "idle timeout must be positive");
                    }
                    idle = Duration.ofMillis(i.duration().millis());
                }
                case StreamClause.Fields f -> {
                    hasFields = true;
                    fields(f, fields);
                }
            }
        }
        if (!hasFields) {
            problems.error(s.name(), "stream " + name + " declares no fields: add fields { name: type ... }");
        }
        StreamLayout layout = new StreamLayout(name, topic, time == null ? null : time.field().value(),
                time == null ? null : time.format() == null ? null : time.format().value(), lateness,
                key == null ? null : key.value(), id == null ? null : id.value(), idle, fields);
        if (time != null) {
            StreamLayout.Field f = fieldOf(layout, time.field());
            if (f != null && f.type() != FieldType.TIMESTAMP) {
                problems.error(time.field(), "the time field '" + f.name() + "' must be declared as timestamp, is " + f.type());
            }
            if (time.format() != null && !TIME_FORMATS.contains(time.format().value())) {
                problems.error(time.format(), "unknown time format \"" + time.format().value() + "\": expected one of "
                        + String.join(", ", TIME_FORMATS) + Suggestions.didYouMean(time.format().value(), TIME_FORMATS));
            }
        }
        if (key != null) {
            fieldOf(layout, key);
        }
        if (id != null) {
            StreamLayout.Field f = fieldOf(layout, id);
            if (f != null && f.type() != FieldType.STRING && f.type() != FieldType.LONG) {
                problems.error(id, "the id field '" + f.name() + "' must be declared as string or long, is " + f.type());
            }
        }
        streams.put(name, layout);
    }

    private StreamLayout.Field fieldOf(StreamLayout layout, Identifier name) {
        StreamLayout.Field f = layout.field(name.value());
        if (f == null) {
            problems.error(name, "unknown field '" + name.value() + "' in stream " + layout.name()
                    + Suggestions.didYouMean(name.value(), layout.fields().stream().map(StreamLayout.Field::name).toList()));
        }
        return f;
    }

    private void fields(StreamClause.Fields clause, List<StreamLayout.Field> out) {
        for (StreamClause.Field f : clause.fields()) {
            if (out.stream().anyMatch(x -> x.name().equals(f.name().value()))) {
                problems.error(f.name(), "field '" + f.name().value() + "' is declared twice");
                continue;
            }
            FieldType type = FieldType.byKeyword(f.type().value());
            if (type == null) {
                String hint = TYPE_HINTS.containsKey(f.type().value()) ? "; did you mean '" + TYPE_HINTS.get(f.type().value()) + "'?"
                        : Suggestions.didYouMean(f.type().value(), java.util.Arrays.stream(FieldType.values()).map(FieldType::keyword).toList());
                problems.error(f.type(), "unknown type '" + f.type().value() + "': expected bool, long, double, decimal, "
                        + "string, timestamp or duration" + hint);
                type = FieldType.STRING;
            }
            out.add(new StreamLayout.Field(f.name().value(), type, out.size()));
        }
    }

    private static String keyword(Node clause) {
        return switch (clause) {
            case StreamClause.Topic t -> "topic";
            case StreamClause.Time t -> "time";
            case StreamClause.Lateness l -> "lateness";
            case StreamClause.Key k -> "key";
            case StreamClause.Id i -> "id";
            case StreamClause.IdleTimeout i -> "idle timeout";
            case StreamClause.Fields f -> "fields";
            case RuleClause.Title t -> "title";
            case RuleClause.Description d -> "description";
            case RuleClause.Severity s -> "severity";
            case RuleClause.Tags t -> "tags";
            case RuleClause.Owner o -> "owner";
            case RuleClause.From f -> "from";
            case RuleClause.PartitionBy p -> "partition by";
            case RuleClause.Pattern p -> "pattern";
            case RuleClause.Where w -> "where";
            case RuleClause.Within w -> "within";
            case RuleClause.AfterMatch a -> "after match";
            case RuleClause.Alert a -> a.onTimeout() ? "alert on timeout" : "alert";
            case RuleClause.Suppress s -> "suppress";
            case RuleClause.Notify n -> "notify";
            case RuleClause.Filter f -> "filter";
            case RuleClause.Aggregate a -> "aggregate";
            case RuleClause.When w -> "when";
            default -> clause.getClass().getSimpleName();
        };
    }

    // ------------------------------------------------------------------ rules

    /** The compilation of one rule. */
    private final class RuleCompilation {
        private final Declaration.Rule decl;
        private final String name;
        private final int errorsBefore;
        private final Map<Object, Node> clauses = new LinkedHashMap<>();
        private final List<RuleClause.StepDefinition> definitions = new ArrayList<>();
        private final Map<String, Scope.StepInfo> steps = new LinkedHashMap<>();
        private final Map<String, Identifier> stepNames = new LinkedHashMap<>();
        private final Map<String, Condition> conditions = new HashMap<>();
        private final Map<String, Condition> untils = new HashMap<>();
        private final List<Aggregate> aggregates = Scope.newAggregates();
        private final BitSet fieldsRead = new BitSet();
        private StreamLayout stream;
        /** The streams of {@code from}, in order. */
        private List<StreamLayout> sources = List.of();
        /** Over several streams: the rule's event layout (its step-to-stream map is filled with the conditions); else null. */
        private Scope.Union union;
        /** Steps whose stream is missing or not read by the rule (reported). */
        private final java.util.Set<String> unplaced = new java.util.HashSet<>();

        RuleCompilation(Declaration.Rule decl) {
            this.decl = decl;
            this.name = decl.name().value();
            this.errorsBefore = countErrors();
        }

        CompiledRule compile() {
            if (ruleSpans.containsKey(name)) {
                problems.error(decl.name(), "rule '" + name + "' is already declared at line " + ruleSpans.get(name));
            } else {
                ruleSpans.put(name, decl.name().span());
            }
            for (RuleClause c : decl.clauses()) {
                Object kind = c instanceof RuleClause.Alert a ? (a.onTimeout() ? "alert on timeout" : "alert") : c.getClass();
                if (c instanceof RuleClause.Where w) {
                    definitions.addAll(w.definitions());
                    clauses.putIfAbsent(kind, c);
                } else if (clauses.putIfAbsent(kind, c) != null) {
                    problems.error(c, "duplicate '" + keyword(c) + "' in rule " + name + " (first at line "
                            + clauses.get(kind).span() + ")");
                }
            }
            RuleClause.From from = clause(RuleClause.From.class);
            RuleClause.Pattern pattern = clause(RuleClause.Pattern.class);
            RuleClause.Aggregate aggregate = clause(RuleClause.Aggregate.class);
            if (from == null) {
                problems.error(decl.name(), "rule " + name + " has no 'from' clause: which stream does it read?");
            } else {
                stream = from(from);
            }
            if (pattern == null && aggregate == null) {
                problems.error(decl.name(), "rule " + name + " has no 'pattern' or 'aggregate' clause: a rule matches a "
                        + "pattern of events or aggregates them over a window");
            } else if (pattern != null && aggregate != null) {
                problems.error(aggregate, "rule " + name + " has both 'pattern' and 'aggregate': a rule either matches a "
                        + "pattern or aggregates over a window; write two rules");
            }
            metadataChecks();
            if (stream == null || pattern == null && aggregate == null) {
                return null;
            }
            if (union != null && pattern == null) {
                problems.error(from, "aggregate rule " + name + " reads several streams (" + union.common().name()
                        + "): an aggregate rule reads one stream; chain it into a pattern rule instead");
                return null;
            }
            if (pattern == null) {
                return new AggregateCompilation(this, aggregate).compile();
            }
            for (Class<? extends RuleClause> c : List.of(RuleClause.Filter.class, RuleClause.When.class)) {
                RuleClause clause = clause(c);
                if (clause != null) {
                    problems.error(clause, "'" + keyword(clause) + "' belongs to aggregate rules; a pattern rule tests "
                            + "events with the conditions of its steps in 'where'");
                }
            }
            Patterns patterns = new Patterns(problems);
            patterns.collect(pattern.pattern(), false, steps, stepNames);
            compileConditions();
            RuleClause.Within within = clause(RuleClause.Within.class);
            if (within != null && within.duration().millis() <= 0) {
                problems.error(within.duration(), "within must be positive");
            }
            io.cepheus.core.pattern.Pattern corePattern = patterns.build(pattern.pattern(), conditions, untils, steps,
                    within == null ? 0 : within.duration().millis());
            AfterMatchSkip skip = skip();
            Eval[] partition = partition();
            CompiledRule.AlertTemplate onMatch = alert(clause("alert"));
            RuleClause.Alert timeoutClause = clause("alert on timeout");
            if (timeoutClause != null && within == null && !Patterns.hasPartWindow(pattern.pattern())) {
                problems.error(timeoutClause, "'alert on timeout' needs a window: partial matches time out when "
                        + "'within' elapses");
            }
            CompiledRule.AlertTemplate onTimeout = alert(timeoutClause);
            RuleClause.Suppress suppress = clause(RuleClause.Suppress.class);
            List<Aggregate> suppressionAggregates = Scope.newAggregates();
            Eval[] suppressionKeys = suppressKeys(suppress, suppressionAggregates);
            warnings(pattern, within, corePattern);
            if (countErrors() > errorsBefore || corePattern == null) {
                return null;
            }
            Rule rule = new Rule(io.cepheus.core.RuleId.of(name), corePattern,
                    within == null ? null : Duration.ofMillis(within.duration().millis()), skip, timeoutClause != null,
                    aggregates);
            if (validateWithEngine && !engineAccepts(rule, pattern)) {
                return null;
            }
            return new CompiledRule(name, rule, null, stream, fieldsRead.stream().toArray(), partition, info(), onMatch, onTimeout,
                    suppression(suppress), suppressionKeys, suppressionAggregates, baselineTable(stream), alertsOf(), sources,
                    union == null ? null : union.offsets());
        }

        Suppression suppression(RuleClause.Suppress suppress) {
            return suppress == null ? null : new Suppression(
                    suppress.keys().stream().map(Formatter::expression).toList(), Duration.ofMillis(suppress.duration().millis()));
        }

        /** The rules whose alerts this rule reads ({@code alerts(rule)} in {@code from}), in order. */
        List<String> alertsOf() {
            RuleClause.From from = clause(RuleClause.From.class);
            return from.sources().stream().filter(r -> r.alertsOf() != null).map(r -> r.alertsOf().value()).toList();
        }

        /**
         * The rule's event layout: the stream of {@code from}, or over several streams their union
         * (then {@link #union} is set); null (reported) when a stream is unknown.
         */
        private StreamLayout from(RuleClause.From from) {
            List<StreamLayout> layouts = new ArrayList<>();
            Map<String, RuleClause.StreamRef> seen = new HashMap<>();
            boolean failed = false;
            for (RuleClause.StreamRef ref : from.sources()) {
                if (seen.putIfAbsent(ref.text(), ref) != null) {
                    problems.error(ref, "rule " + name + " reads " + ref.text() + " twice (first at line "
                            + seen.get(ref.text()).span() + ")");
                    failed = true;
                    continue;
                }
                StreamLayout layout = from(ref);
                failed |= layout == null;
                layouts.add(layout);
            }
            if (failed) {
                return null;
            }
            sources = List.copyOf(layouts);
            if (layouts.size() == 1) {
                return layouts.get(0);
            }
            union = Scope.Union.of(layouts, new LinkedHashMap<>());
            return union.layout();
        }

        /** One stream of {@code from}: a declared stream, or the alerts of a rule compiled before this one. */
        private StreamLayout from(RuleClause.StreamRef from) {
            if (from.alertsOf() == null) {
                StreamLayout s = streams.get(from.stream().value());
                if (s == null) {
                    problems.error(from.stream(), "unknown stream '" + from.stream().value() + "'"
                            + Suggestions.didYouMean(from.stream().value(), streams.keySet()));
                }
                return s;
            }
            if (!from.stream().value().equals("alerts")) {
                problems.error(from.stream(), "'from " + from.stream().value() + "(...)': a rule reads a stream (from payments) "
                        + "or the alerts of a rule (from alerts(rule_name))");
                return null;
            }
            String source = from.alertsOf().value();
            if (source.equals(name)) {
                problems.error(from.alertsOf(), "rule " + name + " cannot read its own alerts");
                return null;
            }
            CompiledRule upstream = compiledByName.get(source);
            if (upstream == null) {
                // a rule with errors (reported there), in a cycle (reported by Chains), or no rule at all
                if (!ruleNames.contains(source)) {
                    problems.error(from.alertsOf(), "unknown rule '" + source + "' in alerts(...)"
                            + Suggestions.didYouMean(source, ruleNames));
                }
                return null;
            }
            return alertStream(upstream, from.alertsOf());
        }

        int countErrors() {
            return problems.errorCount();
        }

        @SuppressWarnings("unchecked")
        <T extends RuleClause> T clause(Class<T> type) {
            return (T) clauses.get(type);
        }

        RuleClause.Alert clause(String alertKind) {
            return (RuleClause.Alert) clauses.get(alertKind);
        }

        private void metadataChecks() {
            RuleClause.Severity severity = clause(RuleClause.Severity.class);
            if (severity != null) {
                severity(severity.level());
            }
        }

        private void severity(Identifier level) {
            if (!SEVERITIES.contains(level.value())) {
                problems.error(level, "unknown severity '" + level.value() + "': expected one of "
                        + String.join(", ", SEVERITIES) + Suggestions.didYouMean(level.value(), SEVERITIES));
            }
        }

        CompiledRule.Info info() {
            RuleClause.Title title = clause(RuleClause.Title.class);
            RuleClause.Description description = clause(RuleClause.Description.class);
            RuleClause.Severity severity = clause(RuleClause.Severity.class);
            RuleClause.Tags tags = clause(RuleClause.Tags.class);
            RuleClause.Owner owner = clause(RuleClause.Owner.class);
            RuleClause.Notify notify = clause(RuleClause.Notify.class);
            RuleClause.PartitionBy partition = clause(RuleClause.PartitionBy.class);
            return new CompiledRule.Info(title == null ? null : title.text().value(),
                    description == null ? null : description.text().value(),
                    severity == null ? null : severity.level().value(),
                    tags == null ? List.of() : tags.tags().stream().map(RuleClause.Label::value).toList(),
                    owner == null ? null : owner.owner().value(),
                    notify == null ? List.of() : notify.channels().stream().map(RuleClause.Label::value).toList(),
                    partition == null ? List.of() : partition.keys().stream().map(Formatter::expression).toList());
        }

        Scope scope(Scope.Kind kind, List<Aggregate> slots) {
            if (union != null) {
                // over several streams: the fields every stream has; a step's condition sees its own stream
                return Scope.over(kind, union, steps, null, slots, fieldsRead);
            }
            Scope s = new Scope(kind, stream, steps, null, slots, fieldsRead);
            if (kind == Scope.Kind.CONDITION) {
                s.baselines = baselineTable(stream);
            }
            return s;
        }

        BaselineTable baselines() {
            return baselineTable(stream);
        }

        /**
         * The stream of each step ({@code step from stream}): it must be one of {@code from}, and over
         * several streams every step needs one. Fills the union's step-to-stream map.
         */
        private void stepStreams() {
            List<String> names = sources.stream().map(StreamLayout::name).toList();
            Map<String, Integer> stepStreams = union == null ? new HashMap<>() : union.stepStreams();
            for (RuleClause.StepDefinition d : definitions) {
                if (d.source() == null || !steps.containsKey(d.step().value())) {
                    continue;
                }
                int i = names.indexOf(d.source().text());
                if (i < 0) {
                    problems.error(d.source(), "step '" + d.step().value() + "' takes events from " + d.source().text()
                            + ", which rule " + name + " does not read: its 'from' reads " + String.join(", ", names));
                    unplaced.add(d.step().value());
                    i = 0;
                }
                stepStreams.putIfAbsent(d.step().value(), i);
            }
            if (union == null) {
                return;
            }
            for (Map.Entry<String, Scope.StepInfo> e : steps.entrySet()) {
                if (!stepStreams.containsKey(e.getKey())) {
                    Identifier at = definitions.stream().filter(d -> d.step().value().equals(e.getKey())).findFirst()
                            .map(RuleClause.StepDefinition::step).orElse(stepNames.get(e.getKey()));
                    problems.error(at, "rule " + name + " reads several streams (" + String.join(", ", names)
                            + "): say which one step '" + e.getKey() + "' takes events from, e.g. '" + e.getKey() + " from "
                            + names.get(0) + ": ...' in 'where'");
                    unplaced.add(e.getKey());
                    stepStreams.put(e.getKey(), 0);
                }
            }
        }

        private void compileConditions() {
            stepStreams();
            Map<String, RuleClause.StepDefinition> byStep = new HashMap<>();
            Scope scope = scope(Scope.Kind.CONDITION, aggregates);
            for (RuleClause.StepDefinition d : definitions) {
                String step = d.step().value();
                Scope.StepInfo info = steps.get(step);
                if (info == null) {
                    problems.error(d.step(), "'" + step + "' is not a step of the pattern"
                            + Suggestions.didYouMean(step, steps.keySet()));
                    continue;
                }
                if (byStep.putIfAbsent(step, d) != null) {
                    problems.error(d.step(), "step '" + step + "' is defined twice (first at line " + byStep.get(step).step().span() + ")");
                    continue;
                }
                Scope stepScope = scope.forStep(info);
                Condition ofStream = union == null ? null
                        : Condition.fieldEquals(Scope.Union.DISCRIMINATOR, stepScope.stream.name());
                if (d.condition() == null || unplaced.contains(step)) {
                    // without a stream (reported), the step's fields are unknown: its condition is not compiled
                    conditions.put(step, ofStream == null ? Condition.always() : ofStream);
                    continue;
                }
                ExpressionCompiler.Typed c = expressions.condition(d.condition(), stepScope, "the condition of step '" + step + "'");
                // the stream test first, so that the engine indexes the step by it
                conditions.put(step, ofStream == null ? condition(d.condition(), c, stepScope)
                        : ofStream.and(condition(d.condition(), c, stepScope)));
                if (alwaysFalse(d.condition()) && !info.negated()) {
                    problems.error(d.condition(), "the condition of step '" + step + "' is never true: the step can never match");
                }
                if (d.until() != null) {
                    if (!info.looping()) {
                        problems.error(d.until(), "until stops a loop, but step '" + step
                                + "' is not one (use +, * or {n,})");
                    }
                    ExpressionCompiler.Typed u = expressions.condition(d.until(), stepScope, "the until condition of step '" + step + "'");
                    untils.put(step, ofStream == null ? condition(d.until(), u, stepScope)
                            : ofStream.and(condition(d.until(), u, stepScope)));
                }
            }
            for (Map.Entry<String, Scope.StepInfo> e : steps.entrySet()) {
                if (!byStep.containsKey(e.getKey())) {
                    Identifier at = stepNames.get(e.getKey());
                    if (e.getValue().negated()) {
                        problems.error(at, "negated step '" + e.getKey() + "' has no condition in 'where': it would "
                                + "exclude every event");
                    } else {
                        problems.warning(at, "step '" + e.getKey() + "' has no condition in 'where': it accepts every event");
                    }
                    conditions.put(e.getKey(), Condition.always());
                }
            }
        }

        private static boolean alwaysFalse(Expression e) {
            while (e instanceof Expression.Parenthesized p) {
                e = p.expression();
            }
            return e instanceof Expression.NullLiteral || e instanceof Expression.BooleanLiteral b && !b.value();
        }

        /** An engine condition: FieldEquals conjuncts (indexable), else a closure. */
        Condition condition(Expression expression, ExpressionCompiler.Typed typed, Scope stepScope) {
            if (typed.failed()) {
                return Condition.always();
            }
            List<Expression> conjuncts = new ArrayList<>();
            flattenAnd(expression, conjuncts);
            Condition indexed = null;
            List<Expression> rest = new ArrayList<>();
            for (Expression c : conjuncts) {
                Condition eq = fieldEquals(c, stepScope);
                if (eq != null) {
                    indexed = indexed == null ? eq : indexed.and(eq);
                } else {
                    rest.add(c);
                }
            }
            Condition closure = null;
            if (!rest.isEmpty()) {
                Eval eval = rest.size() == conjuncts.size() ? typed.eval()
                        : andAll(rest.stream().map(x -> expressions.compile(x, stepScope).eval()).toList());
                boolean readsContext = readsContext(rest);
                closure = readsContext ? new ClosureCondition(eval)
                        : Condition.of(event -> Boolean.TRUE.equals(eval.eval(event, null)));
            }
            if (indexed == null) {
                return closure;
            }
            return closure == null ? indexed : indexed.and(closure);
        }

        private boolean readsContext(List<Expression> list) {
            for (Expression e : list) {
                if (mentionsMatch(e)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether an expression reads the partial match (a step's events, an aggregate, prev). */
        private boolean mentionsMatch(Expression e) {
            return switch (e) {
                case Expression.Call c -> Functions.SPECIAL.contains(c.function().value())
                        || c.arguments().stream().anyMatch(this::mentionsMatch);
                case Expression.FieldAccess f -> f.base() instanceof Expression.Name n && steps.containsKey(n.name().value())
                        || mentionsMatch(f.base());
                case Expression.Parenthesized p -> mentionsMatch(p.expression());
                case Expression.Negate n -> mentionsMatch(n.operand());
                case Expression.Not n -> mentionsMatch(n.operand());
                case Expression.Binary b -> mentionsMatch(b.left()) || mentionsMatch(b.right());
                case Expression.InList in -> mentionsMatch(in.value()) || in.list().stream().anyMatch(this::mentionsMatch);
                case Expression.Like l -> mentionsMatch(l.value());
                case Expression.Matches m -> mentionsMatch(m.value());
                case Expression.IsNull n -> mentionsMatch(n.value());
                case Expression.Baseline b -> true;
                default -> false;
            };
        }

        private static void flattenAnd(Expression e, List<Expression> out) {
            if (e instanceof Expression.Binary b && b.operator() == Expression.Operator.AND) {
                flattenAnd(b.left(), out);
                flattenAnd(b.right(), out);
            } else if (e instanceof Expression.Parenthesized p && p.expression() instanceof Expression.Binary b
                    && b.operator() == Expression.Operator.AND) {
                flattenAnd(p.expression(), out);
            } else {
                out.add(e);
            }
        }

        private static Eval andAll(List<Eval> evals) {
            Eval[] array = evals.toArray(Eval[]::new);
            return (e, c) -> {
                for (Eval x : array) {
                    if (!Boolean.TRUE.equals(x.eval(e, c))) {
                        return false;
                    }
                }
                return true;
            };
        }

        /** {@code field == constant} on a string, long or bool field, as the engine's indexable FieldEquals. */
        private Condition fieldEquals(Expression e, Scope scope) {
            if (!(e instanceof Expression.Binary b) || b.operator() != Expression.Operator.EQUAL) {
                return null;
            }
            Expression.Name field = b.left() instanceof Expression.Name n ? n : b.right() instanceof Expression.Name n ? n : null;
            Expression literal = field == b.left() ? b.right() : b.left();
            if (field == null || steps.containsKey(field.name().value())) {
                return null;
            }
            StreamLayout.Field f = scope.stream.field(field.name().value());
            if (f == null || scope.offset < 0) {
                return null;
            }
            Object value = switch (literal) {
                case Expression.StringLiteral s when f.type() == FieldType.STRING -> s.value();
                case Expression.IntegerLiteral i when f.type() == FieldType.LONG -> i.value();
                case Expression.BooleanLiteral bool when f.type() == FieldType.BOOL -> bool.value();
                default -> null;
            };
            return value == null ? null : Condition.fieldEquals(scope.offset + f.index(), value);
        }

        private AfterMatchSkip skip() {
            RuleClause.AfterMatch clause = clause(RuleClause.AfterMatch.class);
            if (clause == null) {
                return AfterMatchSkip.noSkip();
            }
            RuleClause.SkipStrategy s = clause.strategy();
            return switch (s.kind()) {
                case NO_SKIP -> AfterMatchSkip.noSkip();
                case TO_NEXT -> AfterMatchSkip.skipToNext();
                case PAST_LAST_EVENT -> AfterMatchSkip.skipPastLastEvent();
                case TO_FIRST, TO_LAST -> {
                    Scope.StepInfo step = steps.get(s.step().value());
                    if (step == null) {
                        problems.error(s.step(), "unknown step '" + s.step().value() + "' in the skip strategy"
                                + Suggestions.didYouMean(s.step().value(), steps.keySet()));
                    } else if (step.negated()) {
                        problems.error(s.step(), "cannot skip to negated step '" + step.name() + "': it binds no event, so"
                                + " Flink falls back to no skip after every match (or fails every match with 'or fail');"
                                + " write 'after match no skip' for that, or name a step that binds events");
                    }
                    yield s.kind() == RuleClause.SkipStrategy.Kind.TO_FIRST
                            ? new AfterMatchSkip.SkipToFirst(s.step().value(), s.orFail())
                            : new AfterMatchSkip.SkipToLast(s.step().value(), s.orFail());
                }
            };
        }

        Eval[] partition() {
            RuleClause.PartitionBy clause = clause(RuleClause.PartitionBy.class);
            Scope scope = scope(Scope.Kind.EVENT, Scope.newAggregates());
            if (clause == null && union != null) {
                return new Eval[] {unionKey()};
            }
            if (clause == null) {
                if (stream.keyField() != null && stream.field(stream.keyField()) != null) {
                    int index = stream.field(stream.keyField()).index();
                    fieldsRead.set(index);
                    return new Eval[] {(e, c) -> e.get(index)};
                }
                return new Eval[] {(e, c) -> ""};
            }
            List<Eval> keys = new ArrayList<>();
            for (Expression k : clause.keys()) {
                ExpressionCompiler.Typed t = expressions.compile(k, scope);
                if (!t.failed() && t.type() == Type.NULL) {
                    problems.error(k, "a partition key cannot be null");
                }
                Type type = t.type();
                Eval eval = t.eval();
                keys.add(type == Type.TIMESTAMP || type == Type.DURATION || type == Type.DECIMAL
                        ? (e, c) -> {
                            Object v = eval.eval(e, c);
                            return v == null ? null : Values.render(type, v);
                        }
                        : eval);
            }
            return keys.toArray(Eval[]::new);
        }

        /** Without {@code partition by}, over several streams: each stream's key field. */
        private Eval unionKey() {
            int[] indices = new int[sources.size()];
            for (int i = 0; i < sources.size(); i++) {
                StreamLayout s = sources.get(i);
                if (s.keyField() == null || s.field(s.keyField()) == null) {
                    problems.error(clause(RuleClause.From.class).sources().get(i), "rule " + name + " reads several streams and "
                            + s.name() + " declares no key: add 'partition by' with a field every stream has");
                    return (e, c) -> null;
                }
                indices[i] = union.offsets()[i] + s.field(s.keyField()).index();
                fieldsRead.set(indices[i]);
            }
            return Scope.firstNonNull(indices);
        }

        private CompiledRule.AlertTemplate alert(RuleClause.Alert clause) {
            List<Aggregate> slots = Scope.newAggregates();
            return alert(clause, scope(Scope.Kind.ALERT, slots), slots);
        }

        CompiledRule.AlertTemplate alert(RuleClause.Alert clause, Scope scope, List<Aggregate> slots) {
            if (clause == null) {
                return null;
            }
            String severity = null;
            List<Object> summary = null;
            Map<String, ExpressionCompiler.Typed> fields = new LinkedHashMap<>();
            Map<String, Node> seen = new HashMap<>();
            for (RuleClause.AlertItem item : clause.items()) {
                String key = switch (item) {
                    case RuleClause.AlertSeverity s -> "severity";
                    case RuleClause.AlertSummary s -> "summary";
                    case RuleClause.AlertField f -> "field " + f.name().value();
                };
                if (seen.putIfAbsent(key, item) != null) {
                    problems.error(item, "duplicate " + (key.startsWith("field ") ? "alert field '" + key.substring(6) + "'" : "'" + key + "'")
                            + " in the alert (first at line " + seen.get(key).span() + ")");
                    continue;
                }
                switch (item) {
                    case RuleClause.AlertSeverity s -> {
                        severity(s.level());
                        severity = s.level().value();
                    }
                    case RuleClause.AlertSummary s -> summary = summary(s.template(), scope);
                    case RuleClause.AlertField f -> fields.put(f.name().value(), alertValue(f.value(), scope));
                }
            }
            return new CompiledRule.AlertTemplate(severity, summary, fields, slots);
        }

        ExpressionCompiler.Typed alertValue(Expression e, Scope scope) {
            ExpressionCompiler.Typed t = expressions.compile(e, scope);
            if (t.type() == Type.EVENT) {
                problems.error(e, "an event is not a value: use a field, e.g. " + t.step() + ".<field>");
                return ExpressionCompiler.Typed.ERROR;
            }
            return t;
        }

        private List<Object> summary(RuleClause.Template template, Scope scope) {
            List<Object> parts = new ArrayList<>();
            for (RuleClause.TemplatePart p : template.parts()) {
                switch (p) {
                    case RuleClause.TextPart t -> parts.add(t.text());
                    case RuleClause.Interpolation i -> {
                        ExpressionCompiler.Typed t = alertValue(i.expression(), scope);
                        parts.add(new CompiledRule.AlertTemplate.Interpolated(t.eval(), t.type()));
                    }
                }
            }
            return parts;
        }

        private Eval[] suppressKeys(RuleClause.Suppress suppress, List<Aggregate> slots) {
            return suppressKeys(suppress, scope(Scope.Kind.ALERT, slots));
        }

        Eval[] suppressKeys(RuleClause.Suppress suppress, Scope scope) {
            if (suppress == null) {
                return new Eval[0];
            }
            if (suppress.duration().millis() <= 0) {
                problems.error(suppress.duration(), "the suppression duration must be positive");
            }
            return suppress.keys().stream().map(k -> alertValue(k, scope).eval()).toArray(Eval[]::new);
        }

        private void warnings(RuleClause.Pattern pattern, RuleClause.Within within, io.cepheus.core.pattern.Pattern core) {
            if (within != null || core == null) {
                return;
            }
            String loop = Patterns.unboundedLoop(pattern.pattern());
            if (loop == null) {
                return;
            }
            PatternNode.Link anyLink = Patterns.firstAnyLink(pattern.pattern());
            if (anyLink != null) {
                problems.warning(anyLink, "'->>' with the unbounded loop '" + loop + "' and no 'within': partial matches "
                        + "can multiply without limit; add a window");
            }
            RuleClause.AfterMatch skip = clause(RuleClause.AfterMatch.class);
            if (skip != null && skip.strategy().kind() != RuleClause.SkipStrategy.Kind.NO_SKIP) {
                problems.warning(skip, "with a skip strategy, a completed match waits while an earlier partial match is "
                        + "open; with the unbounded loop '" + loop + "' and no 'within' it can wait forever: add a window");
            }
        }

        private boolean engineAccepts(Rule rule, RuleClause.Pattern pattern) {
            try {
                rule.validate();
                return true;
            } catch (IllegalArgumentException e) {
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                String prefix = "rule " + name + ": ";
                problems.error(pattern, "the engine rejects this pattern: "
                        + (message.startsWith(prefix) ? message.substring(prefix.length()) : message));
                return false;
            }
        }
    }

    /**
     * The aggregate half of a rule's compilation ({@code aggregate WINDOW { ... }}): window, filter,
     * measures, named aggregates, {@code when}, alert and suppression, into a cep-core {@link
     * AggregateRule}. Every aggregate call anywhere in the rule becomes one measure (deduplicated by its
     * canonical text); named aggregates, {@code when} and alert expressions read measures by slot.
     */
    private final class AggregateCompilation {
        private final RuleCompilation rc;
        private final RuleClause.Aggregate clause;
        private final List<Scope.MeasureSpec> measures = new ArrayList<>();
        private final Map<String, ExpressionCompiler.Typed> items = new LinkedHashMap<>();

        AggregateCompilation(RuleCompilation rc, RuleClause.Aggregate clause) {
            this.rc = rc;
            this.clause = clause;
        }

        private Scope scope(boolean baselines) {
            Scope s = rc.scope(Scope.Kind.AGGREGATE, Scope.newAggregates());
            s.measures = measures;
            s.items = items;
            s.baselines = baselines ? rc.baselines() : null;
            return s;
        }

        CompiledRule compile() {
            for (Object kind : List.of(RuleClause.Where.class, RuleClause.Within.class, RuleClause.AfterMatch.class,
                    "alert on timeout")) {
                Node c = rc.clauses.get(kind);
                if (c != null) {
                    problems.error(c, "'" + keyword(c) + "' belongs to pattern rules; an aggregate rule has a window "
                            + "(aggregate over last 10m { ... }), a 'filter' and a 'when'");
                }
            }
            Window window = window(clause.window());
            Condition filter = filter();
            Scope itemScope = scope(false);
            for (RuleClause.AggregateItem item : clause.items()) {
                String itemName = item.name().value();
                if (items.containsKey(itemName)) {
                    problems.error(item.name(), "aggregate '" + itemName + "' is defined twice");
                    continue;
                }
                if (rc.stream.field(itemName) != null) {
                    problems.error(item.name(), "aggregate '" + itemName + "' has the name of a field of " + rc.stream.name()
                            + ": rename it (a field name in 'when' and the alert reads the window's last event)");
                    continue;
                }
                items.put(itemName, rc.alertValue(item.value(), itemScope));
            }
            RuleClause.When when = rc.clause(RuleClause.When.class);
            java.util.function.Predicate<AggregateValues> predicate = v -> false;
            if (when == null) {
                problems.error(rc.decl.name(), "aggregate rule " + rc.name + " has no 'when' clause: when does it alert? "
                        + "e.g. when count() >= 5");
            } else {
                ExpressionCompiler.Typed t = expressions.condition(when.condition(), scope(true), "the condition of 'when'");
                if (RuleCompilation.alwaysFalse(when.condition())) {
                    problems.error(when.condition(), "the condition of 'when' is never true: the rule can never alert");
                }
                Eval eval = t.eval();
                predicate = v -> {
                    try {
                        return Boolean.TRUE.equals(eval.eval(null, AggregateContext.of(v)));
                    } catch (ArithmeticException | ClassCastException e) {
                        return false;
                    }
                };
            }
            Eval[] partition = rc.partition();
            CompiledRule.AlertTemplate onMatch = rc.alert(rc.clause("alert"), scope(false), Scope.newAggregates());
            RuleClause.Suppress suppress = rc.clause(RuleClause.Suppress.class);
            Eval[] suppressionKeys = rc.suppressKeys(suppress, scope(false));
            if (measures.isEmpty()) {
                measures.add(new Scope.MeasureSpec("count()", Measure.count("count()"), Type.LONG));
            }
            if (rc.countErrors() > rc.errorsBefore || window == null) {
                return null;
            }
            Duration rearm = window instanceof Window.Sliding && suppress != null && suppress.keys().isEmpty()
                    ? Duration.ofMillis(suppress.duration().millis()) : null;
            AggregateRule rule = new AggregateRule(io.cepheus.core.RuleId.of(rc.name), filter,
                    measures.stream().map(Scope.MeasureSpec::measure).toList(), window, predicate, rearm,
                    AggregateRule.DEFAULT_MAX_DISTINCT);
            CompiledRule.Aggregation aggregation = new CompiledRule.Aggregation(rule, items,
                    measures.stream().map(Scope.MeasureSpec::type).toList(), Formatter.window(clause.window()));
            return new CompiledRule(rc.name, null, aggregation, rc.stream, rc.fieldsRead.stream().toArray(), partition, rc.info(),
                    onMatch, null, rc.suppression(suppress), suppressionKeys, List.of(), rc.baselines(), rc.alertsOf(), rc.sources,
                    null);
        }

        private Condition filter() {
            RuleClause.Filter f = rc.clause(RuleClause.Filter.class);
            if (f == null) {
                return Condition.always();
            }
            Scope scope = rc.scope(Scope.Kind.FILTER, Scope.newAggregates());
            ExpressionCompiler.Typed t = expressions.condition(f.condition(), scope, "the filter");
            if (RuleCompilation.alwaysFalse(f.condition())) {
                problems.error(f.condition(), "the filter is never true: the rule sees no event");
            }
            Condition c = rc.condition(f.condition(), t, scope);
            return c == null ? Condition.always() : c;
        }

        /** The engine window; null (reported) when it cannot close or has no size. */
        private Window window(RuleClause.WindowSpec w) {
            long size = w.size().millis();
            if (size <= 0) {
                problems.error(w.size(), "a window of " + w.size().text() + " holds no event: the "
                        + (w.kind() == RuleClause.WindowKind.SESSION ? "gap" : "size") + " must be positive");
                return null;
            }
            return switch (w.kind()) {
                case SLIDING -> Window.sliding(Duration.ofMillis(size));
                case TUMBLING -> Window.tumbling(Duration.ofMillis(size));
                case SESSION -> Window.session(Duration.ofMillis(size));
                case HOPPING -> {
                    long advance = w.advance().millis();
                    if (advance <= 0) {
                        problems.error(w.advance(), "a hopping window's advance must be positive");
                        yield null;
                    }
                    if (advance > size) {
                        problems.error(w.advance(), "a hopping window's advance (every " + w.advance().text()
                                + ") is longer than its size (over last " + w.size().text() + "): events between windows "
                                + "would never be counted; use every " + w.size().text() + " (tumbling) or a larger size");
                        yield null;
                    }
                    if (size % advance != 0) {
                        problems.error(w.advance(), "a hopping window's advance (every " + w.advance().text()
                                + ") must divide its size (over last " + w.size().text() + "): windows start every "
                                + w.advance().text() + " and must end on such a boundary too");
                        yield null;
                    }
                    yield Window.hopping(Duration.ofMillis(size), Duration.ofMillis(advance));
                }
            };
        }
    }

    /** A condition that reads the partial match. */
    private record ClosureCondition(Eval eval) implements Condition {
        @Override
        public boolean test(io.cepheus.core.Event event, io.cepheus.core.pattern.MatchContext context) {
            return Boolean.TRUE.equals(eval.eval(event, context));
        }
    }
}
