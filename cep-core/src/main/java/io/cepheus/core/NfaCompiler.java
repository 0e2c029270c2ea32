package io.cepheus.core;

import io.cepheus.core.NfaState.Action;
import io.cepheus.core.NfaState.Edge;
import io.cepheus.core.NfaState.Type;
import io.cepheus.core.pattern.AfterMatchSkip;
import io.cepheus.core.pattern.Aggregate;
import io.cepheus.core.pattern.Alternation;
import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Connector;
import io.cepheus.core.pattern.Contiguity;
import io.cepheus.core.pattern.Group;
import io.cepheus.core.pattern.Pattern;
import io.cepheus.core.pattern.Quantifier;
import io.cepheus.core.pattern.Sequence;
import io.cepheus.core.pattern.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a {@link Rule}'s pattern into a {@link Program}: states with TAKE, IGNORE and PROCEED
 * edges, in the construction of Apache Flink's {@code NFACompiler} so that matches agree with
 * FlinkCEP.
 *
 * <p>Design note. The pattern is flattened into chains of elements (a sequence of steps, groups
 * and alternations, each with the connector that joins it to the previous one) and compiled from
 * the last element to the first, so that every state is built knowing its successor ("sink"):
 *
 * <ul>
 *   <li>a single step is one state: TAKE to the sink; IGNORE to itself when the connector is
 *       relaxed (on "not this step") or non-deterministic (always); an optional step adds a
 *       PROCEED to the sink (greedy: only when the event cannot be taken);
 *   <li>{@code {n,m}} unrolls into n mandatory and m-n optional single states; a loop is a looping
 *       state with TAKE to itself and PROCEED to the sink, preceded by {@code min} single states;
 *       the contiguity inside the loop decides its IGNORE edges; {@code until} is folded into the
 *       take and ignore conditions;
 *   <li>{@code not next} is a state that PROCEEDs to the sink when the event is not the negated
 *       one and to a STOP state when it is; {@code not followed by} becomes PROCEED-to-STOP edges
 *       on the states that wait for the following element, or, at the end of a pattern with a
 *       window, a PENDING state that completes the match when the window elapses;
 *   <li>groups compile their body as a sub-chain; a looping group proceeds from its end back to
 *       its head; an alternation (not in Flink) is a state that PROCEEDs into every branch and
 *       itself carries the IGNORE edge for the alternation's contiguity.
 * </ul>
 *
 * <p>Deviation from Flink: PROCEED edges are followed at most once per state when an event is
 * evaluated (Flink would visit a state reached by two proceed paths twice and emit the match
 * twice); patterns that can match no event, and groups whose body can match no event, are
 * rejected.
 */
final class NfaCompiler {

    private static final Condition TRUE = Condition.always();

    /**
     * An element of a chain: what it matches, how it joins the element before it and the window from
     * the previous event to its own (0 for none).
     */
    private record Elem(Connector connector, Pattern pattern, long windowMillis) {
        Elem(Connector connector, Pattern pattern) {
            this(connector, pattern, 0);
        }

        Quantifier quantifier() {
            return switch (pattern) {
                case Step s -> s.quantifier();
                case Group g -> g.quantifier();
                default -> Quantifier.once();
            };
        }

        /** Whether it takes a fixed number of events, one at a time: a step {@code {n}} that is not optional. */
        boolean isFixedStep() {
            return pattern instanceof Step s && s.quantifier().min() == s.quantifier().max() && !s.quantifier().optional();
        }

        boolean isComposite() {
            return pattern instanceof Group || pattern instanceof Alternation;
        }

        String name() {
            return pattern instanceof Step s ? s.name() : null;
        }

        Condition condition() {
            return pattern instanceof Step s ? s.condition() : null;
        }

        Condition until() {
            return pattern instanceof Step s ? s.until() : null;
        }
    }

    /** The group (or alternation) whose body is being compiled, and whether this copy heads its loop. */
    private record GroupCtx(Elem group, boolean firstOfLoop) {}

    private final List<NfaState> states = new ArrayList<>();
    private final Map<String, NfaState> stopStates = new HashMap<>();
    private final long windowMillis;
    /** For a greedy loop with {@code until}: the copy of its sink (with the sink's conditions before the greedy update). */
    private final Map<NfaState, NfaState> greedyCopies = new java.util.IdentityHashMap<>();

    private NfaCompiler(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /**
     * Compiles {@code rule}.
     *
     * @throws IllegalArgumentException naming the problem, if the pattern is malformed
     */
    static Program compile(Rule rule) {
        Map<String, Integer> stepIndex = new LinkedHashMap<>();
        collectSteps(rule.pattern(), stepIndex, rule.id());
        List<Elem> chain = chainOf(rule.pattern(), Connector.FOLLOWED_BY);
        validate(rule, chain, stepIndex);
        checkPartWindows(rule, chain);

        NfaCompiler compiler = new NfaCompiler(rule.withinMillis());
        NfaState end = compiler.newState("$end", Type.FINAL);
        NfaState start = compiler.compileChain(chain, end, null, null);
        start.start = true;
        for (NfaState s : compiler.states) {
            s.freeze();
            if (s.step != null && stepIndex.containsKey(s.step)) {
                s.stepIndex = stepIndex.get(s.step);
            }
        }
        List<String> steps = List.copyOf(stepIndex.keySet());
        int[][] byStep = aggregatesByStep(rule, stepIndex);
        boolean partWindows = chain.stream().anyMatch(e -> e.windowMillis() > 0);
        return new Program(List.copyOf(compiler.states), start, steps, Map.copyOf(stepIndex),
                rule.aggregates(), byStep, rule.withinMillis(), partWindows);
    }

    // ---------------------------------------------------------------- checks

    private static void collectSteps(Pattern pattern, Map<String, Integer> steps, RuleId rule) {
        switch (pattern) {
            case Step s -> {
                if (steps.putIfAbsent(s.name(), steps.size()) != null) {
                    throw new IllegalArgumentException("rule " + rule + ": step name '" + s.name() + "' is used twice");
                }
            }
            case Sequence seq -> seq.parts().forEach(p -> collectSteps(p.pattern(), steps, rule));
            case Group g -> collectSteps(g.body(), steps, rule);
            case Alternation a -> a.alternatives().forEach(p -> collectSteps(p, steps, rule));
        }
    }

    private static void validate(Rule rule, List<Elem> chain, Map<String, Integer> steps) {
        Elem last = chain.get(chain.size() - 1);
        if (last.connector() == Connector.NOT_FOLLOWED_BY && rule.within() == null && last.windowMillis() == 0) {
            throw new IllegalArgumentException("rule " + rule.id() + ": a pattern that ends with 'not followed by "
                    + last.name() + "' needs a window (within, of the rule or of the part)");
        }
        checkNegations(rule, chain);
        checkGroups(rule, rule.pattern());
        String skipStep = switch (rule.skip()) {
            case AfterMatchSkip.SkipToFirst f -> f.step();
            case AfterMatchSkip.SkipToLast l -> l.step();
            default -> null;
        };
        if (skipStep != null && !steps.containsKey(skipStep)) {
            throw new IllegalArgumentException("rule " + rule.id() + ": the skip strategy names step '" + skipStep
                    + "', which is not in the pattern");
        }
        for (Aggregate a : rule.aggregates()) {
            if (!steps.containsKey(a.step())) {
                throw new IllegalArgumentException("rule " + rule.id() + ": aggregate " + a.kind() + " names step '"
                        + a.step() + "', which is not in the pattern");
            }
        }
    }

    private static void checkNegations(Rule rule, List<Elem> chain) {
        for (int i = 1; i < chain.size(); i++) {
            Elem e = chain.get(i);
            Elem prev = chain.get(i - 1);
            if (e.connector().isNegation() && prev.quantifier().optional()) {
                throw new IllegalArgumentException("rule " + rule.id() + ": negation '" + e.name()
                        + "' cannot follow an optional part");
            }
            if (e.connector() == Connector.NOT_NEXT && prev.connector() == Connector.NOT_FOLLOWED_BY) {
                throw new IllegalArgumentException("rule " + rule.id() + ": 'not next " + e.name()
                        + "' cannot follow 'not followed by " + prev.name() + "': Flink silently drops the 'not followed by "
                        + prev.name() + "' there; write the 'not next' first (not " + e.name() + " -> not " + prev.name() + ")");
            }
        }
        for (Elem e : chain) {
            if (e.pattern() instanceof Group g) {
                checkNegations(rule, chainOf(g.body(), Connector.FOLLOWED_BY));
            }
        }
    }

    private static void checkGroups(Rule rule, Pattern pattern) {
        switch (pattern) {
            case Group g -> {
                if (!requiresEvent(g.body())) {
                    throw new IllegalArgumentException("rule " + rule.id() + ": a group whose body can match no event is not"
                            + " supported: Flink fails on it (a NullPointerException, an endless loop or the same match"
                            + " twice); make a step of the group mandatory, or move the optional steps out of the group");
                }
                if (g.quantifier().greedy()) {
                    throw new IllegalArgumentException("rule " + rule.id() + ": groups cannot be greedy (as in Flink)");
                }
                checkGroups(rule, g.body());
            }
            case Sequence s -> s.parts().forEach(p -> checkGroups(rule, p.pattern()));
            case Alternation a -> a.alternatives().forEach(p -> {
                checkHead(rule, p);
                if (!requiresEvent(p)) {
                    throw new IllegalArgumentException("rule " + rule.id() + ": every alternative must require at least one event");
                }
                checkGroups(rule, p);
            });
            case Step s -> { }
        }
    }

    /** The first element of a group body or an alternative takes its optionality from the group. */
    private static void checkHead(Rule rule, Pattern body) {
        Elem head = chainOf(body, Connector.FOLLOWED_BY).get(0);
        if (head.quantifier().optional()) {
            throw new IllegalArgumentException("rule " + rule.id() + ": the first part of a group or alternative cannot be optional"
                    + (head.name() == null ? "" : " ('" + head.name() + "')"));
        }
    }

    /**
     * A part's own window (Flink's {@code PREVIOUS_AND_CURRENT}) is accepted where Flink applies it
     * as written: Flink checks it only while a partial match waits in a state of that part, so it
     * holds only if the event before the part is always taken straight into that state — after a
     * step that takes a fixed number of events, and not through a 'not next'. Elsewhere Flink
     * ignores the window, or applies it only to some matches: those forms are rejected with the
     * reason.
     */
    private static void checkPartWindows(Rule rule, List<Elem> chain) {
        for (Elem e : chain) {
            if (e.isComposite()) {
                checkNoPartWindows(rule, e.pattern());
            }
        }
        for (int i = 0; i < chain.size(); i++) {
            Elem e = chain.get(i);
            if (e.windowMillis() == 0) {
                continue;
            }
            String what = "the window of '" + (e.name() == null ? "(...)" : e.name()) + "' (from the previous event)";
            String prefix = "rule " + rule.id() + ": " + what;
            if (i == 0) {
                throw new IllegalArgumentException(prefix + " has no previous event to count from (Flink ignores it): use the rule's window");
            }
            boolean trailing = i == chain.size() - 1;
            if (e.connector() == Connector.NOT_FOLLOWED_BY && !trailing) {
                throw new IllegalArgumentException(prefix + " has no effect on a 'not followed by' before another step"
                        + " (Flink ignores it): put the window on the step after it");
            }
            if (!e.connector().isNegation() && !(e.isFixedStep() && e.quantifier().max() == 1)) {
                throw new IllegalArgumentException(prefix + " applies to a single required step or a negation:"
                        + " Flink ignores it on a loop, a quantified or optional step and a group");
            }
            int j = i - 1;
            while (chain.get(j).connector() == Connector.NOT_FOLLOWED_BY) {
                j--;
            }
            Elem previous = chain.get(j);
            if (previous.connector() == Connector.NOT_NEXT || !previous.isFixedStep()) {
                throw new IllegalArgumentException(prefix + " needs a step before it that takes a fixed number of events"
                        + " (a, a{3}): after a loop, an optional step, a group or a 'not next' Flink checks it only"
                        + " for some matches");
            }
            if (rule.within() != null && e.windowMillis() > rule.withinMillis()) {
                throw new IllegalArgumentException(prefix + " is longer than the rule's window (as Flink, Cepheus"
                        + " requires it to be no longer)");
            }
        }
    }

    private static void checkNoPartWindows(Rule rule, Pattern pattern) {
        switch (pattern) {
            case Sequence s -> s.parts().forEach(part -> {
                if (part.within() != null) {
                    throw new IllegalArgumentException("rule " + rule.id() + ": a window from the previous event applies to"
                            + " the parts of the top-level sequence only, not inside a group or alternative");
                }
                checkNoPartWindows(rule, part.pattern());
            });
            case Group g -> checkNoPartWindows(rule, g.body());
            case Alternation a -> a.alternatives().forEach(p -> checkNoPartWindows(rule, p));
            case Step s -> { }
        }
    }

    /** Whether every match of {@code p} binds at least one event. */
    static boolean requiresEvent(Pattern p) {
        return switch (p) {
            case Step s -> !s.quantifier().optional();
            case Group g -> !g.quantifier().optional() && requiresEvent(g.body());
            case Alternation a -> a.alternatives().stream().allMatch(NfaCompiler::requiresEvent);
            case Sequence s -> s.parts().stream()
                    .anyMatch(part -> !part.connector().isNegation() && requiresEvent(part.pattern()));
        };
    }

    private static int[][] aggregatesByStep(Rule rule, Map<String, Integer> stepIndex) {
        List<List<Integer>> lists = new ArrayList<>();
        stepIndex.forEach((k, v) -> lists.add(new ArrayList<>()));
        List<Aggregate> aggs = rule.aggregates();
        for (int slot = 0; slot < aggs.size(); slot++) {
            lists.get(stepIndex.get(aggs.get(slot).step())).add(slot);
        }
        int[][] result = new int[lists.size()][];
        for (int i = 0; i < result.length; i++) {
            result[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return result;
    }

    /** Flattens nested sequences into one chain; the first element takes {@code first} as connector. */
    private static List<Elem> chainOf(Pattern pattern, Connector first) {
        List<Elem> chain = new ArrayList<>();
        addToChain(chain, pattern, first, 0);
        return chain;
    }

    private static void addToChain(List<Elem> chain, Pattern pattern, Connector connector, long windowMillis) {
        if (pattern instanceof Sequence seq) {
            for (int i = 0; i < seq.parts().size(); i++) {
                Sequence.Part part = seq.parts().get(i);
                long own = part.within() == null ? 0 : part.within().toMillis();
                addToChain(chain, part.pattern(), i == 0 ? connector : part.connector(), i == 0 && own == 0 ? windowMillis : own);
            }
        } else {
            chain.add(new Elem(connector, pattern, windowMillis));
        }
    }

    // ---------------------------------------------------------------- construction

    private NfaState newState(String step, Type type) {
        NfaState s = new NfaState(states.size(), step, type);
        states.add(s);
        return s;
    }

    /** Compiles {@code chain} so that it ends in {@code sink}; returns its first state. */
    private NfaState compileChain(List<Elem> chain, NfaState sink, GroupCtx group, Elem outerFollowing) {
        NfaState lastSink = sink;
        Elem following = outerFollowing;
        for (int i = chain.size() - 1; i >= 1; i--) {
            Elem e = chain.get(i);
            if (e.connector() == Connector.NOT_FOLLOWED_BY) {
                if ((windowMillis > 0 || e.windowMillis() > 0) && lastSink.isFinal()) {
                    NfaState pending = newState(e.name(), Type.PENDING);
                    pending.addProceed(stopState(e), e.condition());
                    pending.addIgnore(pending, e.condition().negate());
                    pending.windowMillis = e.windowMillis();
                    lastSink = pending;
                }
                // otherwise it becomes PROCEED-to-STOP edges on the states of the next element
            } else if (e.connector() == Connector.NOT_NEXT) {
                NfaState notNext = newState(e.name(), Type.NORMAL);
                if (lastSink.isFinal()) {
                    notNext.addIgnore(lastSink, e.condition().negate());
                } else {
                    notNext.addProceed(lastSink, e.condition().negate());
                }
                notNext.addProceed(stopState(e), e.condition());
                notNext.windowMillis = e.windowMillis();
                lastSink = notNext;
            } else {
                lastSink = convert(chain, i, lastSink, group, following);
                // a part with a window is a single required step (checkPartWindows): its one state waits for it
                lastSink.windowMillis = e.windowMillis();
            }
            following = e;
        }
        return convert(chain, 0, lastSink, group, following);
    }

    private NfaState stopState(Elem negated) {
        return stopStates.computeIfAbsent(negated.name(), name -> {
            NfaState stop = newState(name, Type.STOP);
            stop.addTake(stop, negated.condition());
            return stop;
        });
    }

    private NfaState convert(List<Elem> chain, int i, NfaState sink, GroupCtx group, Elem following) {
        Elem e = chain.get(i);
        Quantifier q = e.quantifier();
        NfaState first;
        if (q.isLooping()) {
            NfaState loopSink = copyWithoutTransitiveNots(chain, i, sink);
            NfaState looping = createLooping(chain, i, loopSink, group, following);
            first = createTimes(chain, i, looping, sink, q.min(), q.min(), group, following);
        } else if (q.isTimes()) {
            first = createTimes(chain, i, sink, sink, q.min(), q.max(), group, following);
        } else {
            first = createSingleton(chain, i, sink, sink, takeCondition(e), ignoreCondition(chain, i, group),
                q.optional(), group, following, true);
        }
        addStopStates(chain, i, first);
        return first;
    }

    private NfaState createTimes(List<Elem> chain, int i, NfaState sink, NfaState proceedTo, int from, int to,
                                 GroupCtx group, Elem following) {
        Elem e = chain.get(i);
        NfaState last = sink;
        Condition take = takeCondition(e);
        Condition innerIgnore = withUntil(innerIgnoreCondition(chain, i, group), e.until(), false);
        if (e.quantifier().greedy() && from != to && !e.isComposite()) {
            if (e.until() != null) {
                greedyCopies.put(sink, copy(sink));
            }
            sink.andAll(take.negate());
        }
        for (int k = from; k < to; k++) {
            last = createSingleton(chain, i, last, proceedTo, take, innerIgnore, true, group, following, false);
            addStopStateToLooping(last, following);
        }
        for (int k = 0; k < from - 1; k++) {
            last = createSingleton(chain, i, last, null, take, innerIgnore, false, group, following, false);
            addStopStateToLooping(last, following);
        }
        return createSingleton(chain, i, last, proceedTo, take, ignoreCondition(chain, i, group),
                e.quantifier().optional(), group, following, true);
    }

    private NfaState createSingleton(List<Elem> chain, int i, NfaState sink, NfaState proceedTo, Condition take,
                                     Condition ignore, boolean optional, GroupCtx group, Elem following,
                                     boolean firstOfLoop) {
        Elem e = chain.get(i);
        if (e.pattern() instanceof Group g) {
            return createGroup(e, g, sink, proceedTo, optional, firstOfLoop, following);
        }
        if (e.pattern() instanceof Alternation a) {
            return createAlternation(chain, i, a, sink, proceedTo, optional, group, firstOfLoop, following);
        }
        NfaState single = newState(e.name(), Type.NORMAL);
        NfaState target = copyWithoutTransitiveNots(chain, i, sink);
        single.addTake(target, take);
        if (optional) {
            Condition until = e.until();
            NfaState untilTarget = until == null || !e.quantifier().greedy() ? null : greedyCopies.get(proceedTo);
            if (untilTarget != null) {
                single.addProceed(untilTarget, until);
                single.addProceed(proceedTo, until.negate());
            } else {
                single.addProceed(proceedTo, TRUE);
            }
        }
        if (ignore != null) {
            NfaState ignoreState;
            if (optional || headOfOptionalGroup(i, group)) {
                ignoreState = newState(e.name(), Type.NORMAL);
                ignoreState.addTake(target, take);
                ignoreState.addIgnore(ignoreState, ignore);
                addStopStates(chain, i, ignoreState);
            } else {
                ignoreState = single;
            }
            single.addIgnore(ignoreState, ignore);
        }
        return single;
    }

    private NfaState createLooping(List<Elem> chain, int i, NfaState sink, GroupCtx group, Elem following) {
        Elem e = chain.get(i);
        if (e.pattern() instanceof Group g) {
            return createLoopingGroup(e, g, sink, following);
        }
        if (e.pattern() instanceof Alternation) {
            throw new IllegalStateException("an alternation is never looping by itself");
        }
        Condition ignore = withUntil(innerIgnoreCondition(chain, i, group), e.until(), false);
        Condition take = takeCondition(e);
        NfaState looping = newState(e.name(), Type.NORMAL);
        if (e.quantifier().greedy()) {
            if (e.until() != null) {
                NfaState sinkCopy = copy(sink);
                looping.addProceed(sinkCopy, e.until());
                greedyCopies.put(sink, sinkCopy);
            }
            looping.addProceed(sink, e.until() == null ? TRUE : e.until().negate());
            sink.andAll(e.condition().negate());
        } else {
            looping.addProceed(sink, TRUE);
        }
        looping.addTake(looping, take);
        addStopStateToLooping(looping, following);
        if (ignore != null) {
            NfaState ignoreState = newState(e.name(), Type.NORMAL);
            ignoreState.addTake(looping, take);
            ignoreState.addIgnore(ignoreState, ignore);
            looping.addIgnore(ignoreState, ignore);
            addStopStateToLooping(ignoreState, following);
        }
        return looping;
    }

    private NfaState createGroup(Elem e, Group g, NfaState sink, NfaState proceedTo, boolean optional,
                                 boolean firstOfLoop, Elem following) {
        NfaState first = compileChain(chainOf(g.body(), Connector.FOLLOWED_BY), sink, new GroupCtx(e, firstOfLoop), following);
        if (optional) {
            first.addProceed(proceedTo, TRUE);
        }
        return first;
    }

    private NfaState createLoopingGroup(Elem e, Group g, NfaState sink, Elem following) {
        NfaState loopBack = newState(null, Type.NORMAL);
        NfaState first = compileChain(chainOf(g.body(), Connector.FOLLOWED_BY), loopBack, new GroupCtx(e, false), following);
        first.addProceed(sink, TRUE);
        loopBack.addProceed(first, TRUE);
        return first;
    }

    private NfaState createAlternation(List<Elem> chain, int i, Alternation a, NfaState sink, NfaState proceedTo,
                                       boolean optional, GroupCtx group, boolean firstOfLoop, Elem following) {
        Elem e = chain.get(i);
        NfaState choice = newState(null, Type.NORMAL);
        Condition canStart = null;
        for (Pattern branch : a.alternatives()) {
            Elem strictHead = new Elem(Connector.NEXT, new Group(branch, Quantifier.once()));
            NfaState head = compileChain(chainOf(branch, Connector.NEXT), sink, new GroupCtx(strictHead, true), following);
            choice.addProceed(head, TRUE);
            Condition start = startCondition(branch);
            canStart = canStart == null ? start : canStart.or(start);
        }
        Contiguity contiguity = headContiguity(chain, i, group);
        switch (contiguity) {
            case STRICT -> { }
            case RELAXED -> choice.addIgnore(choice, canStart.negate());
            case NON_DETERMINISTIC -> choice.addIgnore(choice, TRUE);
        }
        if (optional) {
            choice.addProceed(proceedTo, TRUE);
        }
        return choice;
    }

    /** A condition that holds for every event that can be the first event of {@code p}. */
    private static Condition startCondition(Pattern p) {
        return switch (p) {
            case Step s -> s.condition();
            case Group g -> startCondition(g.body());
            case Alternation a -> a.alternatives().stream().map(NfaCompiler::startCondition)
                    .reduce(Condition::or).orElseThrow();
            case Sequence s -> {
                Condition c = null;
                for (Sequence.Part part : s.parts()) {
                    if (part.connector().isNegation()) {
                        continue;
                    }
                    Condition pc = startCondition(part.pattern());
                    c = c == null ? pc : c.or(pc);
                    if (requiresEvent(part.pattern())) {
                        break;
                    }
                }
                yield c;
            }
        };
    }

    // ---------------------------------------------------------------- negations

    /** Conditions of the 'not followed by' elements just before element {@code i} (across optional ones). */
    private static List<Elem> currentNots(List<Elem> chain, int i) {
        List<Elem> nots = new ArrayList<>();
        for (int j = i - 1; j >= 0; j--) {
            Elem prev = chain.get(j);
            boolean notFollow = prev.connector() == Connector.NOT_FOLLOWED_BY;
            if (!notFollow && !prev.quantifier().optional()) {
                break;
            }
            if (notFollow) {
                nots.add(prev);
            }
        }
        return nots;
    }

    private void addStopStates(List<Elem> chain, int i, NfaState state) {
        for (Elem not : currentNots(chain, i)) {
            state.addProceed(stopState(not), not.condition());
        }
    }

    private void addStopStateToLooping(NfaState state, Elem following) {
        if (following != null && following.connector() == Connector.NOT_FOLLOWED_BY) {
            state.addProceed(stopState(following), following.condition());
        }
    }

    /**
     * Taking an event in an optional element ends the 'not followed by' constraints before it: the
     * copy of {@code sink} drops their stop edges. Returns {@code sink} itself when nothing changes.
     */
    private NfaState copyWithoutTransitiveNots(List<Elem> chain, int i, NfaState sink) {
        List<Elem> nots = currentNots(chain, i);
        if (nots.isEmpty() || !chain.get(i).quantifier().optional()) {
            return sink;
        }
        return copyWithout(sink, nots, new java.util.IdentityHashMap<>());
    }

    /** A copy of {@code state} with the same edges (a self-loop becomes the copy's own). */
    private NfaState copy(NfaState state) {
        NfaState copy = newState(state.step, state.type);
        for (Edge edge : state.building()) {
            copy.addEdge(edge.action(), edge.target() == edge.source() ? copy : edge.target(), edge.condition());
        }
        return copy;
    }

    /** Copies through PROCEED edges; {@code copies} keeps a cycle of them (a looping group) from recursing forever. */
    private NfaState copyWithout(NfaState sink, List<Elem> nots, Map<NfaState, NfaState> copies) {
        NfaState done = copies.get(sink);
        if (done != null) {
            return done;
        }
        NfaState copy = newState(sink.step, sink.type);
        copies.put(sink, copy);
        for (Edge edge : sink.building()) {
            if (edge.action() == Action.PROCEED) {
                NfaState target = edge.target();
                if (target.isStop()) {
                    boolean remove = nots.stream().anyMatch(n -> n.name().equals(target.step));
                    if (!remove) {
                        copy.addEdge(edge.action(), target, edge.condition());
                    }
                } else {
                    copy.addEdge(edge.action(), copyWithout(target, nots, copies), edge.condition());
                }
            } else {
                NfaState target = edge.target() == edge.source() ? copy : edge.target();
                copy.addEdge(edge.action(), target, edge.condition());
            }
        }
        return copy;
    }

    // ---------------------------------------------------------------- conditions

    private static boolean headOfGroup(int i, GroupCtx group) {
        return group != null && i == 0;
    }

    /** Whether element {@code i} heads a group that is optional (and this copy starts its loop). */
    private static boolean headOfOptionalGroup(int i, GroupCtx group) {
        return headOfGroup(i, group) && group.firstOfLoop() && group.group().quantifier().optional();
    }


    private static Condition takeCondition(Elem e) {
        return withUntil(e.condition(), e.until(), true);
    }

    /** The contiguity that decides the ignore edge of the first state of element {@code i}. */
    private static Contiguity headContiguity(List<Elem> chain, int i, GroupCtx group) {
        if (headOfGroup(i, group)) {
            return group.firstOfLoop()
                    ? group.group().connector().contiguity()
                    : group.group().quantifier().inner();
        }
        return chain.get(i).connector().contiguity();
    }

    private static Condition ignoreCondition(List<Elem> chain, int i, GroupCtx group) {
        Elem e = chain.get(i);
        Contiguity c = headContiguity(chain, i, group);
        return ignoreFor(c, e);
    }

    private static Condition innerIgnoreCondition(List<Elem> chain, int i, GroupCtx group) {
        Elem e = chain.get(i);
        Contiguity c = headOfGroup(i, group) ? group.group().quantifier().inner() : e.quantifier().inner();
        return ignoreFor(c, e);
    }

    private static Condition ignoreFor(Contiguity c, Elem e) {
        return switch (c) {
            case STRICT -> null;
            case RELAXED -> e.condition() == null ? null : e.condition().negate();
            case NON_DETERMINISTIC -> TRUE;
        };
    }

    private static Condition withUntil(Condition condition, Condition until, boolean isTake) {
        if (until != null && condition != null) {
            return until.negate().and(condition);
        }
        if (until != null && isTake) {
            return until.negate();
        }
        return condition;
    }


}
