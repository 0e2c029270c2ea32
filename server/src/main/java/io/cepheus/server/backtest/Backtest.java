package io.cepheus.server.backtest;

import io.cepheus.core.AggregateResult;
import io.cepheus.core.BoundedOutOfOrderness;
import io.cepheus.core.CepEngine;
import io.cepheus.core.EngineMetrics;
import io.cepheus.core.EngineOutput;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.MatchKind;
import io.cepheus.core.RuleId;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.rules.RenderedAlert;
import io.cepheus.server.runtime.EventDecoder;
import io.cepheus.server.runtime.InputLimits;
import io.cepheus.server.runtime.RejectedEventException;
import io.cepheus.server.runtime.TimeHorizon;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs rules over recorded events in event time, as the server would run them on a stream.
 *
 * <p>Design: one {@link CepEngine} per rule (rules of one stream may partition differently, and an
 * engine takes one key per event); one watermark per stream, from its declared lateness with
 * {@link BoundedOutOfOrderness}, given to every engine of the stream after each event. An event at
 * or behind its stream's watermark is reported late once, here, and given to no engine. Several
 * inputs are merged as if they arrived side by side: each is read in its own line order, and the
 * next event taken is the earliest of the inputs' next events (ties: the input given first), so
 * a file is never made late by another file that merely comes first on the command line. A rule
 * over several streams ({@code from logins, alerts(r)}) gets the events of each, placed in its
 * union layout, and the least of their watermarks. An event more than {@link
 * InputLimits#maxAhead()} after the newest event time of its stream is refused ({@link
 * TimeHorizon}). At the end of all inputs every engine's watermark moves to the end of time, so
 * open windows close and absences fire. Event ids are {@code input index << 32 | line}, so the id
 * of an event of the only input is its line number. Each input is read and decoded on a thread of
 * its own ({@link DecodedInput}); everything else, the listener included, runs on the caller's
 * thread.
 *
 * <p>Not thread-safe; a backtest is run once.
 */
public final class Backtest {

    private static final long END_OF_TIME = Long.MAX_VALUE - 1;
    private static final int PROGRESS_EVERY = 256;

    private final List<OfflineRule> rules;
    private final InputLimits limits;

    /** A backtest with the default {@link InputLimits}. */
    public Backtest(List<OfflineRule> rules) {
        this(rules, InputLimits.DEFAULT);
    }

    /**
     * @param rules the rules to run, in output order of their summaries
     * @param limits the longest line read, and how far ahead of its stream an event may be
     */
    public Backtest(List<OfflineRule> rules, InputLimits limits) {
        this.rules = List.copyOf(rules);
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Reads every input and reports alerts, rejected lines, late events and rule errors to {@code
     * listener} as they happen.
     *
     * @throws IOException if an input cannot be read
     * @throws IllegalArgumentException if an input's stream has no event-time field
     */
    public BacktestSummary run(List<Input> inputs, BacktestListener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        Run run = new Run(inputs, listener);
        return run.execute();
    }

    /** The state of one run. */
    private final class Run {
        private final List<Input> inputs;
        private final BacktestListener listener;
        private final boolean severalInputs;
        private final Map<String, StreamRun> streams = new LinkedHashMap<>();
        private final List<RuleRun> ruleRuns = new ArrayList<>();
        private final TimeHorizon horizon = new TimeHorizon(limits.maxAhead());
        private long eventsRead;
        private long rejected;
        private long late;
        private long ruleErrors;

        Run(List<Input> inputs, BacktestListener listener) {
            this.inputs = List.copyOf(inputs);
            this.listener = listener;
            this.severalInputs = inputs.size() > 1;
            Map<String, RuleRun> byName = new LinkedHashMap<>();
            for (OfflineRule rule : rules) {
                RuleRun rr = new RuleRun(rule);
                ruleRuns.add(rr);
                byName.putIfAbsent(rule.name(), rr);
            }
            for (RuleRun rr : ruleRuns) {
                for (io.cepheus.dsl.StreamLayout s : rr.rule.inputs()) {
                    StreamRun sr = stream(s);
                    sr.rules.add(rr);
                    rr.inputWatermarks.put(sr, Long.MIN_VALUE);
                }
                for (String source : rr.rule.readsAlertsOf()) {
                    RuleRun upstream = byName.get(source);
                    if (upstream == null) {
                        throw new IllegalArgumentException("rule " + rr.rule.name() + " reads the alerts of rule "
                                + source + ", which is not run (select it too)");
                    }
                    upstream.downstream.add(rr);
                    rr.inputWatermarks.put(upstream, Long.MIN_VALUE);
                }
            }
            for (Input in : inputs) {
                stream(in.stream());
            }
        }

        private StreamRun stream(io.cepheus.dsl.StreamLayout layout) {
            return streams.computeIfAbsent(layout.name(),
                    n -> new StreamRun(new EventDecoder(layout, limits.maxRecordBytes())));
        }

        BacktestSummary execute() throws IOException {
            long total = 0;
            for (Input in : inputs) {
                total += Files.size(in.path());
            }
            List<Cursor> cursors = new ArrayList<>();
            try {
                for (int i = 0; i < inputs.size(); i++) {
                    Cursor c = new Cursor(i);
                    cursors.add(c);
                    c.advance();
                }
                while (true) {
                    Cursor next = null;
                    for (Cursor c : cursors) {
                        if (c.pending != null && (next == null || c.pending.timestamp() < next.pending.timestamp())) {
                            next = c;
                        }
                    }
                    if (next == null) {
                        break;
                    }
                    next.stream.accept(next.pending);
                    next.advance();
                    if (eventsRead % PROGRESS_EVERY == 0) {
                        long bytes = cursors.stream().mapToLong(c -> c.decoded.position()).sum();
                        listener.progress(Math.min(bytes, total), total, eventsRead);
                    }
                }
            } finally {
                for (Cursor c : cursors) {
                    c.decoded.close();
                }
            }
            for (StreamRun sr : streams.values()) {
                for (RuleRun rr : sr.rules) {
                    rr.advanceWatermark(sr, END_OF_TIME);
                }
            }
            listener.progress(total, total, eventsRead);
            Map<String, Long> alerts = new LinkedHashMap<>();
            Map<String, Long> suppressed = new LinkedHashMap<>();
            Map<String, Long> withoutKey = new LinkedHashMap<>();
            Map<String, BacktestSummary.Drops> drops = new LinkedHashMap<>();
            for (RuleRun rr : ruleRuns) {
                EngineMetrics m = rr.engine.metrics();
                BacktestSummary.Drops d = new BacktestSummary.Drops(m.partialMatchesDropped(), m.windowEventsDropped(),
                        m.distinctOverflow());
                if (d.any()) {
                    drops.put(rr.rule.name(), d);
                }
                alerts.put(rr.rule.name(), rr.alerts);
                if (rr.suppressed > 0) {
                    suppressed.put(rr.rule.name(), rr.suppressed);
                }
                if (rr.withoutKey > 0) {
                    withoutKey.put(rr.rule.name(), rr.withoutKey);
                }
            }
            return new BacktestSummary(eventsRead, rejected, late, alerts, suppressed, withoutKey, drops, ruleErrors);
        }

        /** One input, read and decoded ahead ({@link DecodedInput}), with its next event waiting to be merged. */
        private final class Cursor {
            final Input input;
            final StreamRun stream;
            final DecodedInput decoded;
            Event pending;

            Cursor(int index) throws IOException {
                this.input = inputs.get(index);
                this.stream = streams.get(input.stream().name());
                this.decoded = new DecodedInput(input.name(), Files.newInputStream(input.path()), stream.decoder,
                        (long) index << 32);
            }

            /** Takes up to the next event, reporting rejected lines on the way; pending is null at the end. */
            void advance() throws IOException {
                pending = null;
                while (decoded.next()) {
                    eventsRead++;
                    RejectedEventException e = decoded.rejection();
                    if (e == null) {
                        pending = decoded.event();
                        return;
                    }
                    rejected++;
                    listener.rejected(new EventRef(input.name(), decoded.line()), e.reason(), e.getMessage());
                }
            }
        }

        private EventRef ref(Event e) {
            return ref(e.id());
        }

        private EventRef ref(long id) {
            return new EventRef(inputs.get((int) (id >>> 32)).name(), id & 0xffff_ffffL);
        }

        /**
         * One stream: its decoder, watermark and the rules that read it. An event at or behind the
         * watermark is late; one too far after the newest event time so far is refused ({@link
         * TimeHorizon}), so it cannot move the watermark.
         */
        private final class StreamRun {
            final EventDecoder decoder;
            final BoundedOutOfOrderness watermarks;
            final List<RuleRun> rules = new ArrayList<>();
            long watermark = Long.MIN_VALUE;
            long newest = TimeHorizon.NONE;

            StreamRun(EventDecoder decoder) {
                this.decoder = decoder;
                this.watermarks = new BoundedOutOfOrderness(decoder.stream().lateness());
            }

            void accept(Event event) {
                long time = event.timestamp();
                if (time <= watermark) {
                    late++;
                    listener.late(ref(event), time, watermark);
                    return;
                }
                try {
                    horizon.check(time, newest);
                } catch (RejectedEventException e) {
                    rejected++;
                    listener.rejected(ref(event), e.reason(), e.getMessage());
                    return;
                }
                newest = Math.max(newest, time);
                watermarks.observe(time);
                String name = decoder.stream().name();
                for (RuleRun rr : rules) {
                    rr.accept(rr.rule.eventFor().apply(name, event));
                }
                long next = watermarks.currentWatermark();
                if (next > watermark) {
                    watermark = next;
                    for (RuleRun rr : rules) {
                        rr.advanceWatermark(this, next);
                    }
                }
            }
        }

        /**
         * One rule and its engine. A rule that reads the alerts of this one ({@code from alerts(rule)})
         * is downstream: it gets each alert as an event when the alert is emitted, and its watermark
         * follows this engine's. An alert is emitted at a time after this engine's previous watermark,
         * so it is never late downstream. A rule over several inputs (streams and upstream rules)
         * gets the events of all of them; its watermark is the least of its inputs' watermarks, so
         * an event that is not late on its own stream is not late for the rule either.
         */
        private final class RuleRun implements EngineOutput {
            final OfflineRule rule;
            final CepEngine engine;
            final List<RuleRun> downstream = new ArrayList<>();
            final Map<String, Long> suppressedUntil = new java.util.HashMap<>();
            /** The watermark of each input: a StreamRun, or the RuleRun whose alerts this rule reads. */
            final Map<Object, Long> inputWatermarks = new java.util.LinkedHashMap<>();
            long watermark = Long.MIN_VALUE;
            long alerts;
            long suppressed;
            long withoutKey;

            RuleRun(OfflineRule rule) {
                this.rule = rule;
                CepEngine.Builder builder = CepEngine.builder().output(this);
                rule.baselines().forEach(builder::baseline);
                if (rule.engineRule() != null) {
                    builder.rule(rule.engineRule());
                } else {
                    builder.aggregateRule(rule.aggregateRule());
                }
                this.engine = builder.build();
            }

            /** The watermark of {@code input} moved to {@code inputWatermark}: this engine's moves to the least of its inputs'. */
            void advanceWatermark(Object input, long inputWatermark) {
                inputWatermarks.merge(input, inputWatermark, Math::max);
                long least = Long.MAX_VALUE;
                for (long w : inputWatermarks.values()) {
                    least = Math.min(least, w);
                }
                if (least <= watermark) {
                    return;
                }
                watermark = least;
                engine.advanceWatermark(least);
                for (RuleRun d : downstream) {
                    d.advanceWatermark(this, least);
                }
            }

            /** Gives an alert of this rule, as an event, to the rules that read this rule's alerts. */
            private void feed(RenderedAlert rendered) {
                if (downstream.isEmpty() || rendered.source() == null) {
                    return;
                }
                for (RuleRun d : downstream) {
                    Event event;
                    try {
                        event = d.rule.alertEvent().apply(rendered);
                    } catch (RuntimeException e) {
                        d.error("?", "alert of rule " + rule.name() + " as an event: " + e.getMessage());
                        continue;
                    }
                    d.accept(event);
                }
            }

            void accept(Event event) {
                String key;
                try {
                    key = rule.key().apply(event);
                } catch (RuntimeException e) {
                    error("?", "partition key of line " + ref(event).render(severalInputs) + ": " + e.getMessage());
                    return;
                }
                if (key == null) {
                    withoutKey++;
                    return;
                }
                engine.process(key, event);
            }

            @Override
            public void onMatch(Match match) {
                if (isSuppressed(match)) {
                    suppressed++;
                    return;
                }
                Map<String, List<EventRef>> steps = new LinkedHashMap<>();
                match.events().forEach((step, events) -> steps.put(step, events.stream().map(Run.this::ref).toList()));
                RenderedAlert rendered;
                try {
                    rendered = rule.alert().render(match);
                } catch (RuntimeException e) {
                    error(match.key(), "alert of the match ending at line "
                            + ref(match.allEvents().getLast()).render(severalInputs) + ": " + e.getMessage());
                    rendered = RenderedAlert.empty();
                }
                String kind = match.kind() == MatchKind.MATCH ? Alert.MATCH : Alert.TIMEOUT;
                alerts++;
                listener.alert(new Alert(rule.name(), match.key(), kind, match.firstTimestamp(), match.lastTimestamp(),
                        match.timestamp(), steps, rendered.summary(), rendered.fields(), null));
                feed(rendered);
            }

            @Override
            public void onAggregate(AggregateResult result) {
                if (isSuppressed(result.timestamp(), () -> rule.aggregateSuppressionKey().apply(result), result.key())) {
                    suppressed++;
                    return;
                }
                RenderedAlert rendered;
                try {
                    rendered = rule.alert().render(result);
                } catch (RuntimeException e) {
                    error(result.key(), "alert of the window ending at " + AlertJson.time(result.windowEnd()) + ": "
                            + e.getMessage());
                    rendered = RenderedAlert.empty();
                }
                alerts++;
                listener.alert(new Alert(rule.name(), result.key(), Alert.AGGREGATE, result.windowStart(), result.windowEnd(),
                        result.timestamp(), Map.of(), rendered.summary(), rendered.fields(),
                        new Alert.Aggregate(result.windowStart(), result.windowEnd(), ref(result.triggerEventId()),
                                result.eventCount(), rendered.values())));
                feed(rendered);
            }

            /** Per-key suppression in event time: an alert at t mutes the key until t + duration (exclusive). */
            private boolean isSuppressed(Match match) {
                return isSuppressed(match.timestamp(), () -> rule.suppressionKey().apply(match), match.key());
            }

            private boolean isSuppressed(long timestamp, java.util.function.Supplier<String> suppressionKey, String key) {
                if (rule.suppressFor() == null) {
                    return false;
                }
                String k;
                try {
                    k = suppressionKey.get();
                } catch (RuntimeException e) {
                    error(key, "suppression key: " + e.getMessage());
                    return false;
                }
                Long until = suppressedUntil.get(k);
                if (until != null && timestamp < until) {
                    return true;
                }
                suppressedUntil.put(k, timestamp + rule.suppressFor().toMillis());
                return false;
            }

            @Override
            public void onLateEvent(String key, Event event, long watermark) {
                // The stream checks lateness before any engine sees an event; an engine's watermark
                // never runs ahead of its stream's, so this is not reached. Reported all the same.
                late++;
                listener.late(ref(event), event.timestamp(), watermark);
            }

            @Override
            public void onRuleError(RuleId id, String key, RuntimeException error) {
                error(key, error.getMessage());
            }

            private void error(String key, String message) {
                ruleErrors++;
                listener.ruleError(rule.name(), key, message);
            }
        }
    }
}
