package io.cepheus.server.backtest;

import io.cepheus.core.AggregateResult;
import io.cepheus.core.BoundedOutOfOrderness;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.MatchKind;
import io.cepheus.core.state.HeapStateBackend;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.rules.RenderedAlert;
import io.cepheus.server.runtime.CepRuntime;
import io.cepheus.server.runtime.EventDecoder;
import io.cepheus.server.runtime.InputLimits;
import io.cepheus.server.runtime.RejectedEventException;
import io.cepheus.server.runtime.RuntimeAlert;
import io.cepheus.server.runtime.RuntimeListener;
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
 * <p>Design: the file side of a run — reading, decoding, merging inputs, stream watermarks and
 * lateness — is here; everything after decoding is the {@link CepRuntime} the server's data plane
 * drives too (routing, one engine per key space, suppression, chaining), on a heap state backend.
 * One watermark per stream, from its declared lateness with {@link BoundedOutOfOrderness}, advanced
 * after each event. An event at or behind its stream's watermark is reported late once, here, and
 * given to no engine. Several inputs are merged as if they arrived side by side: each is read in
 * its own line order, and the next event taken is the earliest of the inputs' next events (ties:
 * the input given first), so a file is never made late by another file that merely comes first on
 * the command line. At the end of all inputs every stream's watermark moves to the end of time, so
 * open windows close and absences fire. An event's id is a hash of its stream's declared id field,
 * else of its line's content ({@link io.cepheus.server.runtime.EventIds}), as the server derives it
 * from a record's value, so
 * the same events give the same alert ids in both; {@link EventPositions} maps ids back to lines.
 * An event more than {@link InputLimits#maxAhead()} after the newest event time of its stream is
 * refused ({@link TimeHorizon}), so it cannot move the watermark. Each input is read and decoded on a thread of its own ({@link DecodedInput});
 * everything else, the listener included, runs on the caller's thread.
 *
 * <p>Not thread-safe; a backtest is run once.
 */
public final class Backtest {

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
    private final class Run implements RuntimeListener {
        private final List<Input> inputs;
        private final BacktestListener listener;
        private final boolean severalInputs;
        private final Map<String, StreamRun> streams = new LinkedHashMap<>();
        private final HeapStateBackend state = new HeapStateBackend();
        private final CepRuntime runtime;
        private final TimeHorizon horizon = new TimeHorizon(limits.maxAhead());
        /** Event positions when there are several inputs; one input's lines are kept by its reader. */
        private final EventPositions positions = new EventPositions();
        private final List<Cursor> cursors = new ArrayList<>();
        private long eventsRead;
        private long rejected;
        private long late;

        Run(List<Input> inputs, BacktestListener listener) {
            this.inputs = List.copyOf(inputs);
            this.listener = listener;
            this.severalInputs = inputs.size() > 1;
            this.runtime = new CepRuntime(rules, state, this, e -> "line " + ref(e).render(severalInputs));
            for (OfflineRule rule : rules) {
                rule.inputs().forEach(this::stream);
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
                    next.stream.accept(next.pending, next);
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
            runtime.endOfInput();
            runtime.close();
            listener.progress(total, total, eventsRead);
            Map<String, Long> alerts = new LinkedHashMap<>();
            Map<String, Long> suppressed = new LinkedHashMap<>();
            Map<String, Long> withoutKey = new LinkedHashMap<>();
            Map<String, BacktestSummary.Drops> drops = new LinkedHashMap<>();
            Map<String, Long> errors = new LinkedHashMap<>();
            runtime.stats().forEach((rule, s) -> {
                alerts.put(rule, s.alerts());
                if (s.errors() > 0) {
                    errors.put(rule, s.errors());
                }
                BacktestSummary.Drops d = new BacktestSummary.Drops(s.dropped(), s.windowEventsDropped(),
                        s.distinctOverflow());
                if (d.any()) {
                    drops.put(rule, d);
                }
                if (s.suppressed() > 0) {
                    suppressed.put(rule, s.suppressed());
                }
                if (s.withoutKey() > 0) {
                    withoutKey.put(rule, s.withoutKey());
                }
            });
            return new BacktestSummary(eventsRead, rejected, late, alerts, suppressed, withoutKey, drops, errors);
        }

        /** One input, read and decoded ahead ({@link DecodedInput}), with its next event waiting to be merged. */
        private final class Cursor {
            final int index;
            final Input input;
            final StreamRun stream;
            final DecodedInput decoded;
            Event pending;
            long pendingLine;

            Cursor(int index) throws IOException {
                this.input = inputs.get(index);
                this.stream = streams.get(input.stream().name());
                this.index = index;
                this.decoded = new DecodedInput(input.name(), Files.newInputStream(input.path()), stream.decoder,
                        !severalInputs);
            }

            /** Takes up to the next event, reporting rejected lines on the way; pending is null at the end. */
            void advance() throws IOException {
                pending = null;
                while (decoded.next()) {
                    eventsRead++;
                    RejectedEventException e = decoded.rejection();
                    if (e == null) {
                        pending = decoded.event();
                        pendingLine = decoded.line();
                        if (severalInputs) {
                            positions.putIfAbsent(pending.id(), (long) index << 32 | pendingLine);
                        }
                        return;
                    }
                    rejected++;
                    listener.rejected(new EventRef(input.name(), decoded.line()), e.reason(), e.getMessage());
                }
            }

            /** Where the pending event is: its own line (an identical earlier line shares its id). */
            EventRef pendingRef() {
                return new EventRef(input.name(), pendingLine);
            }
        }

        private EventRef ref(Event e) {
            return ref(e.id());
        }

        private EventRef ref(long id) {
            EventRef ref = lineOf(id);
            if (ref == null) {
                throw new IllegalStateException("no line holds the event with id " + Long.toHexString(id));
            }
            return ref;
        }

        /** The line of the event with {@code id}; null for an event that is not a line (an alert of another rule). */
        private EventRef lineOf(long id) {
            long position = severalInputs ? positions.get(id) : cursors.getFirst().decoded.lineOf(id);
            return position < 0 ? null : new EventRef(inputs.get((int) (position >>> 32)).name(), position & 0xffff_ffffL);
        }

        /**
         * One stream: its decoder and watermark. Lateness is decided here, before any engine sees an
         * event; an event too far after the newest event time so far is refused ({@link
         * TimeHorizon}), so it cannot move the watermark.
         */
        private final class StreamRun {
            final EventDecoder decoder;
            final BoundedOutOfOrderness watermarks;
            long watermark = Long.MIN_VALUE;
            long newest = TimeHorizon.NONE;

            StreamRun(EventDecoder decoder) {
                this.decoder = decoder;
                this.watermarks = new BoundedOutOfOrderness(decoder.stream().lateness());
            }

            /** @param from the input whose pending event this is */
            void accept(Event event, Cursor from) {
                long time = event.timestamp();
                if (time <= watermark) {
                    late++;
                    listener.late(from.pendingRef(), time, watermark);
                    return;
                }
                try {
                    horizon.check(time, newest);
                } catch (RejectedEventException e) {
                    rejected++;
                    listener.rejected(from.pendingRef(), e.reason(), e.getMessage());
                    return;
                }
                newest = Math.max(newest, time);
                watermarks.observe(time);
                String name = decoder.stream().name();
                runtime.accept(name, event);
                long next = watermarks.currentWatermark();
                if (next > watermark) {
                    watermark = next;
                    runtime.advanceWatermark(name, next);
                }
            }
        }

        @Override
        public void alert(RuntimeAlert a) {
            RenderedAlert rendered = a.rendered();
            long emitted = a.emitted() >= CepRuntime.END_OF_TIME ? Alert.END_OF_INPUT : a.emitted();
            if (a.match() != null) {
                Match match = a.match();
                Map<String, List<EventRef>> steps = new LinkedHashMap<>();
                match.events().forEach((step, events) -> steps.put(step, events.stream().map(this::ref).toList()));
                String kind = match.kind() == MatchKind.MATCH ? Alert.MATCH : Alert.TIMEOUT;
                listener.alert(new Alert(a.rule().name(), a.version(), match.key(), kind, match.firstTimestamp(),
                        match.lastTimestamp(), match.timestamp(), emitted, steps, rendered.summary(), rendered.fields(),
                        null, a.title(), a.severity(), a.tags(), a.id().value()));
            } else {
                AggregateResult result = a.aggregate();
                listener.alert(new Alert(a.rule().name(), a.version(), result.key(), Alert.AGGREGATE, result.windowStart(),
                        result.windowEnd(), result.timestamp(), emitted, Map.of(), rendered.summary(), rendered.fields(),
                        new Alert.Aggregate(result.windowStart(), result.windowEnd(), ref(result.triggerEventId()),
                                result.eventCount(), rendered.values()), a.title(), a.severity(), a.tags(), a.id().value()));
            }
        }

        @Override
        public void ruleError(String rule, String key, Event event, String message) {
            listener.ruleError(rule, key, event == null ? null : lineOf(event.id()), message);
        }

        @Override
        public void late(Event event, long watermark) {
            // Streams check lateness before any engine sees an event, and an engine's watermark never
            // runs ahead of its streams', so this is not reached. Reported all the same.
            late++;
            listener.late(ref(event), event.timestamp(), watermark);
        }
    }
}
