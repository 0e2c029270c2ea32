package io.cepheus.server.api;

import io.cepheus.server.control.Catalog;
import io.cepheus.server.control.Origins;
import io.cepheus.server.control.StreamDefinition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stream declarations (the rule language's {@code stream} clause) over the control topic. A change
 * that would break a rule that reads the stream is refused, and so is deleting a stream a rule
 * reads. Thread-safe.
 */
public final class Streams {

    private final ControlWrites control;
    private final Compiler compiler;
    private final AuditLog audit;
    private final Clock clock;

    Streams(ControlWrites control, Compiler compiler, AuditLog audit, Clock clock) {
        this.control = control;
        this.compiler = compiler;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Declares a stream.
     *
     * @throws ApiException invalid (with diagnostics) if the text does not declare one stream that
     *     compiles; conflict if it exists
     */
    public StreamView create(Principal by, String text) {
        StreamView after;
        synchronized (control.lock) {
            Catalog c = control.catalog();
            Compiler.Declared d = compiler.one(c, text, "stream");
            c.stream(d.name()).ifPresent(s -> {
                throw ApiException.conflict("stream " + d.name() + " exists (version " + s.version()
                        + "): change it with PUT /api/v1/streams/" + d.name());
            });
            after = write(new StreamDefinition(d.name(), d.canonical(), 1, clock.instant(), Origins.API));
        }
        audit.record(by, "stream.create", target(after.name()), null, after);
        return after;
    }

    /** @throws ApiException not found */
    public StreamView get(String name) {
        return StreamView.of(current(control.catalog(), name));
    }

    /** @throws ApiException (invalid) for a bad cursor or limit */
    public Page<StreamView> list(Optional<String> cursor, Optional<Integer> limit) {
        int n = Page.limit(limit);
        Optional<String> after = Page.keyOf(cursor);
        Catalog c = control.catalog();
        var streams = after.map(a -> c.streams().tailMap(a + "\0")).orElse(c.streams());
        List<StreamView> items = new ArrayList<>();
        for (StreamDefinition s : streams.values()) {
            if (items.size() == n) {
                return new Page<>(items, Page.cursorAfter(items.getLast().name()));
            }
            items.add(StreamView.of(s));
        }
        return new Page<>(items, null);
    }

    /**
     * Redeclares a stream.
     *
     * @throws ApiException not found; precondition required or stale; invalid text or another
     *     stream's; conflict if a rule that reads it would no longer compile
     */
    public StreamView update(Principal by, String name, String text, IfMatch ifMatch) {
        StreamView before;
        StreamView after;
        synchronized (control.lock) {
            Catalog c = control.catalog();
            StreamDefinition current = current(c, name);
            ifMatch.check("stream " + name, current.version());
            Compiler.Declared d = compiler.one(c, text, "stream");
            if (!d.name().equals(name)) {
                throw ApiException.invalid("the text declares stream " + d.name() + ", not " + name);
            }
            before = StreamView.of(current);
            if (d.canonical().equals(current.text())) {
                return before;
            }
            refuseIfBreaking(compiler.brokenBy(c, name, d.canonical()), "changing stream " + name);
            after = write(new StreamDefinition(name, d.canonical(), current.version() + 1, clock.instant(), Origins.API));
        }
        audit.record(by, "stream.update", target(name), before, after);
        return after;
    }

    /**
     * Deletes a stream declaration (its topic and records stay).
     *
     * @throws ApiException not found; precondition required or stale; conflict if a rule reads it
     */
    public void delete(Principal by, String name, IfMatch ifMatch) {
        StreamView before;
        synchronized (control.lock) {
            Catalog c = control.catalog();
            StreamDefinition current = current(c, name);
            ifMatch.check("stream " + name, current.version());
            List<String> readers = compiler.rules(c).entrySet().stream()
                    .filter(e -> e.getValue().summary() != null && e.getValue().summary().streams().contains(name))
                    .map(Map.Entry::getKey).sorted().toList();
            if (!readers.isEmpty()) {
                throw ApiException.conflict("stream " + name + " is read by rule" + (readers.size() == 1 ? " " : "s ")
                        + String.join(", ", readers) + ": delete or change " + (readers.size() == 1 ? "it" : "them")
                        + " first");
            }
            before = StreamView.of(current);
            control.write(w -> w.deleteStream(name));
        }
        audit.record(by, "stream.delete", target(name), before, null);
    }

    /** The current declaration of {@code name}. @throws ApiException not found */
    static StreamDefinition current(Catalog c, String name) {
        return c.stream(name).orElseThrow(() -> ApiException.notFound("no stream " + name));
    }

    private static void refuseIfBreaking(Map<String, Finding> broken, String change) {
        if (!broken.isEmpty()) {
            throw ApiException.conflict(change + " would break rule" + (broken.size() == 1 ? " " : "s ")
                    + String.join(", ", broken.keySet()) + " (" + broken.values().iterator().next().message() + ")");
        }
    }

    private StreamView write(StreamDefinition next) {
        Catalog c = control.write(w -> w.put(next));
        return StreamView.of(c.stream(next.name()).orElse(next));
    }

    private static String target(String name) {
        return "stream/" + name;
    }
}
