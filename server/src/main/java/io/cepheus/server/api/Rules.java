package io.cepheus.server.api;

import io.cepheus.dsl.RuleLanguage;
import io.cepheus.dsl.RuleLanguageException;
import io.cepheus.dsl.Source;
import io.cepheus.server.control.Catalog;
import io.cepheus.server.control.Origins;
import io.cepheus.server.control.RuleDefinition;
import io.cepheus.server.control.RuleState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Rules and their versions, over the control topic: every change writes the rule's next version
 * (kept under {@code rule/NAME@N}) and waits until this node has read it, so a read after a write
 * sees it; the data plane of every node follows. Changes need the current version ({@link IfMatch}).
 * Thread-safe.
 */
public final class Rules {

    private final ControlWrites control;
    private final Compiler compiler;
    private final AuditLog audit;
    private final RuleActivities activities;
    private final Clock clock;

    Rules(ControlWrites control, Compiler compiler, AuditLog audit, RuleActivities activities, Clock clock) {
        this.control = control;
        this.compiler = compiler;
        this.audit = audit;
        this.activities = activities;
        this.clock = clock;
    }

    /**
     * Declares a new rule.
     *
     * @param state its state ({@code enabled}, {@code disabled} or {@code shadow}); enabled when empty
     * @throws ApiException invalid (with the diagnostics) if the text does not declare one rule that
     *     compiles; conflict if the rule exists
     */
    public RuleView create(Principal by, String text, Optional<String> state) {
        RuleView after;
        synchronized (control.lock) {
            Catalog c = control.catalog();
            Compiler.Declared d = compiler.one(c, text, "rule");
            c.rule(d.name()).ifPresent(r -> {
                throw ApiException.conflict("rule " + d.name() + " exists (version " + r.version()
                        + "): change it with PUT /api/v1/rules/" + d.name());
            });
            long version = c.versions(d.name()).isEmpty() ? 1 : c.versions(d.name()).lastKey() + 1;
            after = write(new RuleDefinition(d.name(), d.canonical(), version, state.map(Rules::state).orElse(RuleState.ENABLED),
                    clock.instant(), Origins.API));
        }
        audit.record(by, "rule.create", target(after.id()), null, after);
        return after;
    }

    /** @throws ApiException not found */
    public RuleView get(String id) {
        Catalog c = control.catalog();
        return view(c, current(c, id));
    }

    /**
     * Rules by name, filtered.
     *
     * @param include {@code activity} to give each rule its {@link RuleActivity}
     * @throws ApiException (invalid) for a bad cursor or limit, or another {@code include}
     */
    public Page<RuleView> list(RuleFilter filter, Optional<String> cursor, Optional<Integer> limit,
                               Optional<String> include) {
        include.filter(i -> !i.equals("activity")).ifPresent(i -> {
            throw ApiException.invalid("include: '" + i + "' is not activity, the one thing a rule listing can include");
        });
        Page<RuleView> page = list(filter, cursor, limit);
        if (include.isEmpty()) {
            return page;
        }
        Optional<java.util.Map<String, Long>> partialMatches = activities.partialMatches();
        return new Page<>(page.items().stream().map(r -> r.withActivity(activities.of(r.id(), partialMatches))).toList(),
                page.next());
    }

    private Page<RuleView> list(RuleFilter filter, Optional<String> cursor, Optional<Integer> limit) {
        int n = Page.limit(limit);
        Optional<String> after = Page.keyOf(cursor);
        Catalog c = control.catalog();
        var rules = after.map(a -> c.rules().tailMap(a + "\0")).orElse(c.rules());
        List<RuleView> items = new ArrayList<>();
        for (RuleDefinition r : rules.values()) {
            RuleView v = view(c, r);
            if (!filter.test(v)) {
                continue;
            }
            if (items.size() == n) {
                return new Page<>(items, Page.cursorAfter(items.getLast().id()));
            }
            items.add(v);
        }
        return new Page<>(items, null);
    }

    /**
     * Writes the rule's next version with a new text and/or state; nothing when both are as they are.
     *
     * @throws ApiException not found; precondition required or stale; invalid text, or one that
     *     declares another rule
     */
    public RuleView update(Principal by, String id, Optional<String> text, Optional<String> state, IfMatch ifMatch) {
        RuleView before;
        RuleView after;
        synchronized (control.lock) {
            Catalog c = control.catalog();
            RuleDefinition current = current(c, id);
            ifMatch.check("rule " + id, current.version());
            String canonical = current.text();
            if (text.isPresent()) {
                Compiler.Declared d = compiler.one(c, text.get(), "rule");
                if (!d.name().equals(id)) {
                    throw ApiException.invalid("the text declares rule " + d.name() + ", not " + id
                            + " (a rule's name is its id: create " + d.name() + " with POST /api/v1/rules)");
                }
                canonical = d.canonical();
            }
            RuleState nextState = state.map(Rules::state).orElse(current.state());
            before = view(c, current);
            if (canonical.equals(current.text()) && nextState == current.state()) {
                return before;
            }
            after = write(new RuleDefinition(id, canonical, current.version() + 1, nextState, clock.instant(), Origins.API));
        }
        audit.record(by, "rule.update", target(id), before, after);
        return after;
    }

    /**
     * Makes version {@code n}'s text the rule's next version (its state stays as it is).
     *
     * @throws ApiException not found (rule or version); precondition required or stale; conflict if
     *     that text no longer compiles with today's streams
     */
    public RuleView rollback(Principal by, String id, long n, IfMatch ifMatch) {
        RuleView before;
        RuleView after;
        synchronized (control.lock) {
            Catalog c = control.catalog();
            RuleDefinition current = current(c, id);
            RuleDefinition old = kept(c, id, n);
            ifMatch.check("rule " + id, current.version());
            Compiler.Checked checked = compiler.check(c, old.text());
            if (!checked.valid()) {
                throw ApiException.conflict("version " + n + " of rule " + id
                        + " does not compile with the streams and rules declared now", checked.findings());
            }
            before = view(c, current);
            after = write(new RuleDefinition(id, old.text(), current.version() + 1, current.state(), clock.instant(),
                    Origins.API));
        }
        audit.record(by, "rule.rollback", target(id), before, after);
        return after;
    }

    /**
     * Deletes the rule and its kept versions; the data plane drops its state.
     *
     * @throws ApiException not found; precondition required or stale
     */
    public void delete(Principal by, String id, IfMatch ifMatch) {
        RuleView before;
        synchronized (control.lock) {
            Catalog c = control.catalog();
            RuleDefinition current = current(c, id);
            ifMatch.check("rule " + id, current.version());
            before = view(c, current);
            long last = Math.max(current.version(), c.versions(id).isEmpty() ? 0 : c.versions(id).lastKey());
            control.write(w -> w.deleteRule(id, last));
        }
        audit.record(by, "rule.delete", target(id), before, null);
    }

    /** Every kept version, oldest first. @throws ApiException not found */
    public List<RuleView> versions(String id) {
        Catalog c = control.catalog();
        current(c, id);
        return c.versions(id).values().stream().map(RuleView::version).toList();
    }

    /** Version {@code n}. @throws ApiException not found */
    public RuleView version(String id, long n) {
        Catalog c = control.catalog();
        current(c, id);
        return RuleView.version(kept(c, id, n));
    }

    /** Checks rule text (streams and rules) against the declared streams and rules, deploying nothing. */
    public Validation validate(String text) {
        Compiler.Checked checked = compiler.check(control.catalog(), text);
        return new Validation(checked.valid(), checked.findings(), checked.rules());
    }

    /**
     * The canonical form of rule text (streams and rules), as {@code cepheus fmt} writes it; nothing is
     * compiled, so a rule that reads an undeclared stream is formatted all the same.
     *
     * @throws ApiException (invalid, with the syntax errors) if the text does not parse
     */
    public Formatted format(String text) {
        try {
            return new Formatted(RuleLanguage.format(Source.of(Compiler.REQUEST, text)));
        } catch (RuleLanguageException e) {
            throw ApiException.invalid("the text has syntax errors", e.diagnostics().stream().map(Finding::of).toList());
        }
    }

    /** @throws ApiException (invalid) if {@code label} is not {@code enabled}, {@code disabled} or {@code shadow} */
    static RuleState state(String label) {
        try {
            return RuleState.ofLabel(label);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("state: " + e.getMessage());
        }
    }

    private RuleView write(RuleDefinition next) {
        Catalog c = control.write(w -> w.put(next));
        return view(c, c.rule(next.name()).orElse(next));
    }

    private RuleView view(Catalog c, RuleDefinition r) {
        return RuleView.of(r, compiler.rules(c).get(r.name()));
    }

    private static RuleDefinition current(Catalog c, String id) {
        return c.rule(id).orElseThrow(() -> ApiException.notFound("no rule " + id));
    }

    private static RuleDefinition kept(Catalog c, String id, long n) {
        NavigableMap<Long, RuleDefinition> versions = c.versions(id);
        RuleDefinition v = versions.get(n);
        if (v == null) {
            throw ApiException.notFound("rule " + id + " has no version " + n + " (it has " + versions.keySet() + ")");
        }
        return v;
    }

    private static String target(String id) {
        return "rule/" + id;
    }
}
