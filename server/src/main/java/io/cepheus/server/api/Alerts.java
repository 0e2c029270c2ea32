package io.cepheus.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cepheus.server.alerts.AlertFilter;
import io.cepheus.server.alerts.AlertIndex;
import io.cepheus.server.alerts.AlertStatus;
import io.cepheus.server.alerts.RuleAlertStats;
import io.cepheus.server.alerts.StatusWriter;
import io.cepheus.server.control.Snooze;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Alerts: lists and reads from this node's {@link AlertIndex}, the lifecycle (acknowledge, resolve
 * with a disposition, comment) written to the status topic and read back before answering, snoozes
 * on the control topic, each change in the audit log; and per-rule statistics.
 *
 * <p>A status change is decided on the latest status: the node first reads the status topic to its
 * end (every change acknowledged so far, on any node), then holds the request's optional {@code
 * If-Match} against the alert's revision (412 when it names another), writes the next revision and
 * waits until its index has read it back. Thread-safe: the read-modify-write is under one lock per
 * node; two nodes deciding a change of one alert within the same few milliseconds both write, and
 * the later record wins.
 */
public final class Alerts {

    /** The longest snooze. */
    static final Duration MAX_SNOOZE = Duration.ofDays(365);
    private static final int MAX_COMMENT = 10_000;

    private final AlertIndex index;
    private final StatusWriter statuses;
    private final ControlWrites control;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration timeout;
    private final AlertViews views;
    private final Object lock = new Object();

    Alerts(AlertIndex index, StatusWriter statuses, ControlWrites control, AuditLog audit, Clock clock, Duration timeout,
           ObjectMapper json) {
        this.index = index;
        this.statuses = statuses;
        this.control = control;
        this.audit = audit;
        this.clock = clock;
        this.timeout = timeout;
        this.views = new AlertViews(json);
    }

    /**
     * A filter from query parameters.
     *
     * @throws ApiException (invalid) for an unknown status, a shadow other than true or false, or a time
     *     that is not ISO-8601
     */
    public static AlertFilter filter(Optional<String> rule, Optional<String> key, Optional<String> severity,
                                     Optional<String> status, Optional<String> shadow, Optional<String> from,
                                     Optional<String> to) {
        Optional<AlertStatus.State> state;
        try {
            state = status.map(AlertStatus.State::ofLabel);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        return new AlertFilter(rule, key, severity, state, shadow.map(Alerts::bool), from.map(t -> instant("from", t)),
                to.map(t -> instant("to", t)));
    }

    private static boolean bool(String shadow) {
        return switch (shadow) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalid("shadow '" + shadow + "' is not true or false");
        };
    }

    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name + " '" + text + "' is not an ISO-8601 instant (e.g. 2026-03-01T10:00:00Z)");
        }
    }

    /**
     * The alerts {@code filter} wants, newest first.
     *
     * @throws ApiException (invalid) for a bad cursor or limit
     */
    public Page<ObjectNode> list(AlertFilter filter, Optional<String> cursor, Optional<Integer> limit) {
        int n = Page.limit(limit);
        OptionalLong before = Page.keyOf(cursor).map(Alerts::position).map(OptionalLong::of).orElse(OptionalLong.empty());
        AlertIndex.Listing l = index.list(filter, before, n);
        return new Page<>(l.items().stream().map(views::summary).toList(),
                l.next().isPresent() ? Page.cursorAfter(Long.toString(l.next().getAsLong())) : null);
    }

    private static long position(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("cursor is not one this API gave (pass the 'next' of a page)");
        }
    }

    /** An answer with the entity tag of the alert's status: its {@link AlertStatus#revision()}. */
    public record Tagged(ObjectNode body, long revision) {}

    /** @throws ApiException (not found) for an alert not in the index */
    public Tagged get(String id) {
        AlertIndex.Found f = found(id);
        return new Tagged(views.detail(f), f.status().revision());
    }

    private AlertIndex.Found found(String id) {
        return index.get(id).orElseThrow(() -> ApiException.notFound("no alert " + id + " in the index"));
    }

    /**
     * Marks an open alert acknowledged (an acknowledged one stays so).
     *
     * @throws ApiException (not found; stale: {@code ifMatch} names another revision; conflict when it
     *     is resolved; unavailable: Kafka did not answer)
     */
    public Tagged acknowledge(Principal by, String id, IfMatch ifMatch) {
        synchronized (lock) {
            AlertStatus before = current(id, ifMatch);
            if (before.status() == AlertStatus.State.RESOLVED) {
                throw ApiException.conflict("alert " + id + " is resolved (" + before.disposition().label()
                        + "): it cannot be acknowledged");
            }
            if (before.status() == AlertStatus.State.ACKNOWLEDGED) {
                return new Tagged(views.lifecycle(before), before.revision());
            }
            return change(by, "alert.acknowledge", before, before.next(AlertStatus.State.ACKNOWLEDGED, null,
                    before.comments(), clock.instant(), by.describe()));
        }
    }

    /**
     * Resolves an alert with a disposition (again: a new disposition), and a comment if given.
     *
     * @throws ApiException (invalid: unknown disposition; not found; stale; unavailable)
     */
    public Tagged resolve(Principal by, String id, IfMatch ifMatch, String disposition, Optional<String> comment) {
        AlertStatus.Disposition d;
        try {
            d = AlertStatus.Disposition.ofLabel(disposition);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        comment.ifPresent(Alerts::checkComment);
        synchronized (lock) {
            AlertStatus before = current(id, ifMatch);
            Instant now = clock.instant();
            return change(by, "alert.resolve", before, before.next(AlertStatus.State.RESOLVED, d,
                    withComment(before, comment.map(c -> new AlertStatus.Comment(now, by.describe(), c))), now,
                    by.describe()));
        }
    }

    /**
     * Adds a comment; the state stays.
     *
     * @throws ApiException (invalid: empty or too long; not found; stale; unavailable)
     */
    public Tagged comment(Principal by, String id, IfMatch ifMatch, String text) {
        checkComment(text);
        synchronized (lock) {
            AlertStatus before = current(id, ifMatch);
            Instant now = clock.instant();
            return change(by, "alert.comment", before, before.next(before.status(), before.disposition(),
                    withComment(before, Optional.of(new AlertStatus.Comment(now, by.describe(), text))), now,
                    by.describe()));
        }
    }

    /**
     * The alert's status once this node has read every status change acknowledged so far, whichever
     * node made it (so a change is decided on what every node agrees is the latest), held against the
     * request's {@code If-Match} when it has one.
     */
    private AlertStatus current(String id, IfMatch ifMatch) {
        found(id);
        try {
            long end = statuses.endOffset();
            if (end > 0 && !index.awaitOffset(statuses.topic(), 0, end - 1, timeout)) {
                throw unavailable("this node did not read the alerts' status topic to its end within "
                        + timeout.toSeconds() + " s");
            }
        } catch (IllegalStateException e) {
            throw unavailable("Kafka did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
        AlertStatus s = found(id).status();
        ifMatch.checkIfGiven("the status of alert " + id, "revision", s.revision());
        return s;
    }

    private static ApiException unavailable(String why) {
        return ApiException.unavailable(why + ": nothing was changed, retry shortly", ControlWrites.RETRY_AFTER);
    }

    private static void checkComment(String text) {
        if (text.isBlank() || text.length() > MAX_COMMENT) {
            throw ApiException.invalid("a comment is 1 to " + MAX_COMMENT + " characters, not blank (was "
                    + text.length() + ")");
        }
    }

    private static List<AlertStatus.Comment> withComment(AlertStatus s, Optional<AlertStatus.Comment> c) {
        List<AlertStatus.Comment> all = new ArrayList<>(s.comments());
        c.ifPresent(all::add);
        return all;
    }

    private Tagged change(Principal by, String action, AlertStatus before, AlertStatus after) {
        long offset;
        boolean read;
        try {
            offset = statuses.write(after);
            read = index.awaitOffset(statuses.topic(), 0, offset, timeout);
        } catch (IllegalStateException e) {
            throw unconfirmed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unconfirmed();
        }
        if (!read) {
            throw unconfirmed();
        }
        ObjectNode view = views.lifecycle(after);
        audit.record(by, action, "alert/" + after.id(), views.lifecycle(before), view);
        return new Tagged(view, after.revision());
    }

    private ApiException unconfirmed() {
        return ApiException.unavailable("Kafka did not confirm the change within " + timeout.toSeconds()
                + " s; it may or may not have been made: read the alert again before retrying", ControlWrites.RETRY_AFTER);
    }

    /**
     * Snoozes rule {@code rule} for {@code key}: the data plane writes none of its alerts for the key
     * until {@code duration} from now (a new snooze of the key replaces the old).
     *
     * @throws ApiException (not found: no such rule; invalid: duration not 1 ms to a year)
     */
    public SnoozeView snooze(Principal by, String rule, String key, Duration duration) {
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_SNOOZE) > 0) {
            throw ApiException.invalid("a snooze lasts more than 0 and at most 365d, not " + duration);
        }
        if (key.isEmpty()) {
            throw ApiException.invalid("field 'key' is empty");
        }
        synchronized (control.lock) {
            checkRule(rule);
            Instant now = clock.instant();
            Snooze s = new Snooze(rule, key, now.plus(duration), now, by.describe());
            Snooze old = control.catalog().snoozes(rule).get(key);
            control.write(t -> t.put(s));
            SnoozeView view = SnoozeView.of(s);
            audit.record(by, "rule.snooze", "rule/" + rule, old == null ? null : SnoozeView.of(old), view);
            return view;
        }
    }

    /** The rule's snoozes that have not ended, by key. @throws ApiException (not found) */
    public List<SnoozeView> snoozes(String rule) {
        checkRule(rule);
        long now = clock.millis();
        return control.catalog().snoozes(rule).values().stream().filter(s -> s.activeAt(now)).map(SnoozeView::of)
                .toList();
    }

    /** Lifts a snooze. @throws ApiException (not found: no such rule or snooze) */
    public void unsnooze(Principal by, String rule, String key) {
        synchronized (control.lock) {
            checkRule(rule);
            Snooze old = control.catalog().snoozes(rule).get(key);
            if (old == null) {
                throw ApiException.notFound("rule " + rule + " is not snoozed for key " + key);
            }
            control.write(t -> t.deleteSnooze(rule, key));
            audit.record(by, "rule.unsnooze", "rule/" + rule, SnoozeView.of(old), null);
        }
    }

    private void checkRule(String rule) {
        if (control.catalog().rule(rule).isEmpty()) {
            throw ApiException.notFound("no rule " + rule);
        }
    }

    /** The index's statistics of a rule's alerts. @throws ApiException (not found: no such rule, no alerts) */
    public StatsView stats(String rule) {
        RuleAlertStats s = index.stats(rule);
        if (s.alerts() == 0 && control.catalog().rule(rule).isEmpty()) {
            throw ApiException.notFound("no rule " + rule);
        }
        List<StatsView.Day> days = new ArrayList<>();
        s.perDay().forEach((day, n) -> days.add(new StatsView.Day(day.toString(), n)));
        Map<String, Long> dispositions = new LinkedHashMap<>();
        Map<AlertStatus.Disposition, Long> counted = new EnumMap<>(s.dispositions());
        for (AlertStatus.Disposition d : AlertStatus.Disposition.values()) {
            dispositions.put(d.label(), counted.getOrDefault(d, 0L));
        }
        return new StatsView(rule, s.alerts(), days, dispositions, s.precision(),
                s.lastFired() == null ? null : s.lastFired().toString());
    }

    /** The position of the newest alert in the index: a live feed without {@code Last-Event-ID} starts after it. */
    public long position() {
        return index.position();
    }

    /** Alerts after {@code position} that {@code filter} wants, oldest first, as summaries; and the last position seen. */
    public FeedBatch after(long position, AlertFilter filter, int max) {
        AlertIndex.Feed f = index.after(position, filter, max);
        return new FeedBatch(f.items().stream().map(views::summary).toList(), f.last());
    }

    /** Waits up to {@code timeout} for an alert after {@code position}. */
    public boolean awaitAfter(long position, Duration timeout) throws InterruptedException {
        return index.awaitAfter(position, timeout);
    }

    /** Whether the node stops: live feeds end. */
    public boolean stopping() {
        return index.waitsEnded();
    }

    /** A batch of the live feed: summaries (each with its {@code position}) and the last position looked at. */
    public record FeedBatch(List<ObjectNode> items, long last) {}

    /** A snooze as the API shows it. */
    public record SnoozeView(String rule, String key, String until, String created, String by) {
        static SnoozeView of(Snooze s) {
            return new SnoozeView(s.rule(), s.key(), s.until().toString(), s.created().toString(), s.by());
        }
    }

    /** A rule's alert statistics as the API shows them. */
    public record StatsView(String rule, long alerts, List<Day> perDay, Map<String, Long> dispositions,
                            Double precision, String lastFired) {
        /** Alerts fired on one UTC day. */
        public record Day(String day, long alerts) {}
    }
}
