package io.cepheus.server.backtest;

import io.cepheus.core.AggregateResult;
import io.cepheus.core.BoundedOutOfOrderness;
import io.cepheus.core.state.HeapStateBackend;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.MatchKind;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.rules.RenderedAlert;
import io.cepheus.server.runtime.CepRuntime;
import io.cepheus.server.runtime.RuntimeAlert;
import io.cepheus.server.runtime.RuntimeListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * open windows close and absences fire. Event ids are {@code input index << 32 | line}, so the id of
 * an event of the only input is its line number.
 *
 * <p>Not thread-safe; a backtest is run once.
 */
public final class Backtest {

    private static final int PROGRESS_EVERY = 256;

    private final List<OfflineRule> rules;

    /** @param rules the rules to run, in output order of their summaries */
    public Backtest(List<OfflineRule> rules) {
        this.rules = List.copyOf(rules);
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
        private long eventsRead;
        private long rejected;
        private long late;
        private long ruleErrors;

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
            return streams.computeIfAbsent(layout.name(), n -> new StreamRun(new EventDecoder(layout)));
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
                    streams.get(next.input.stream().name()).accept(next.pending, next.pendingRef);
                    next.advance();
                    if (eventsRead % PROGRESS_EVERY == 0) {
                        long bytes = cursors.stream().mapToLong(c -> c.bytes).sum();
                        listener.progress(Math.min(bytes, total), total, eventsRead);
                    }
                }
            } finally {
                for (Cursor c : cursors) {
                    c.reader.close();
                }
            }
            runtime.endOfInput();
            runtime.close();
            listener.progress(total, total, eventsRead);
            Map<String, Long> alerts = new LinkedHashMap<>();
            Map<String, Long> suppressed = new LinkedHashMap<>();
            Map<String, Long> withoutKey = new LinkedHashMap<>();
            runtime.stats().forEach((rule, s) -> {
                alerts.put(rule, s.alerts());
                if (s.suppressed() > 0) {
                    suppressed.put(rule, s.suppressed());
                }
                if (s.withoutKey() > 0) {
                    withoutKey.put(rule, s.withoutKey());
                }
            });
            return new BacktestSummary(eventsRead, rejected, late, alerts, suppressed, withoutKey, ruleErrors);
        }

        /** One input read line by line, with its next decoded event waiting to be merged. */
        private final class Cursor {
            final int index;
            final Input input;
            final StreamRun stream;
            final BufferedReader reader;
            long lineNo;
            long bytes;
            Event pending;
            EventRef pendingRef;

            Cursor(int index) throws IOException {
                this.index = index;
                this.input = inputs.get(index);
                this.stream = streams.get(input.stream().name());
                this.reader = Files.newBufferedReader(input.path(), StandardCharsets.UTF_8);
            }

            /** Reads up to the next event that decodes, reporting rejected lines on the way; null at the end. */
            void advance() throws IOException {
                pending = null;
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNo++;
                    bytes += line.length() + 1;
                    String trimmed = line.strip();
                    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                        continue;
                    }
                    eventsRead++;
                    EventRef ref = new EventRef(input.name(), lineNo);
                    try {
                        pending = stream.decoder.decode(trimmed, ((long) index << 32) | lineNo);
                        pendingRef = ref;
                        return;
                    } catch (RejectedEventException e) {
                        rejected++;
                        listener.rejected(ref, e.getMessage());
                    }
                }
            }
        }

        private EventRef ref(Event e) {
            return ref(e.id());
        }

        private EventRef ref(long id) {
            return new EventRef(inputs.get((int) (id >>> 32)).name(), id & 0xffff_ffffL);
        }

        /** One stream: its decoder and watermark; lateness is decided here, before any engine sees an event. */
        private final class StreamRun {
            final EventDecoder decoder;
            final BoundedOutOfOrderness watermarks;
            long watermark = Long.MIN_VALUE;

            StreamRun(EventDecoder decoder) {
                this.decoder = decoder;
                this.watermarks = new BoundedOutOfOrderness(decoder.stream().lateness());
            }

            void accept(Event event, EventRef ref) {
                if (event.timestamp() <= watermark) {
                    late++;
                    listener.late(ref, event.timestamp(), watermark);
                    return;
                }
                watermarks.observe(event.timestamp());
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
            if (a.match() != null) {
                Match match = a.match();
                Map<String, List<EventRef>> steps = new LinkedHashMap<>();
                match.events().forEach((step, events) -> steps.put(step, events.stream().map(this::ref).toList()));
                String kind = match.kind() == MatchKind.MATCH ? Alert.MATCH : Alert.TIMEOUT;
                listener.alert(new Alert(a.rule().name(), match.key(), kind, match.firstTimestamp(), match.lastTimestamp(),
                        match.timestamp(), steps, rendered.summary(), rendered.fields(), null));
            } else {
                AggregateResult result = a.aggregate();
                listener.alert(new Alert(a.rule().name(), result.key(), Alert.AGGREGATE, result.windowStart(),
                        result.windowEnd(), result.timestamp(), Map.of(), rendered.summary(), rendered.fields(),
                        new Alert.Aggregate(result.windowStart(), result.windowEnd(), ref(result.triggerEventId()),
                                result.eventCount(), rendered.values())));
            }
        }

        @Override
        public void ruleError(String rule, String key, String message) {
            ruleErrors++;
            listener.ruleError(rule, key, message);
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
