package io.cepheus.server.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where an alert is in its lifecycle, as the status topic holds it (one record per alert, the whole
 * state each time, keyed by the alert's id: the topic is compacted).
 *
 * @param id the alert's id
 * @param status open, acknowledged or resolved
 * @param disposition what the resolver judged it; null unless resolved
 * @param comments the comments, oldest first
 * @param updated when it last changed
 * @param by who changed it last ({@code id (name)} of a token)
 * @param revision how many times it changed: 0 for an alert nobody has touched, one more with each
 *     change (its entity tag, for {@code If-Match})
 */
public record AlertStatus(String id, State status, Disposition disposition, List<Comment> comments, Instant updated,
                          String by, long revision) {

    public AlertStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status of alert " + id);
        comments = List.copyOf(comments);
        if ((status == State.RESOLVED) != (disposition != null)) {
            throw new IllegalArgumentException("alert " + id + " is " + status.label() + " with disposition "
                    + disposition + ": only a resolved alert has one");
        }
        if (revision < 0) {
            throw new IllegalArgumentException("alert " + id + " has revision " + revision + ", not 0 or more");
        }
    }

    /** An alert nobody has touched. */
    public static AlertStatus open(String id) {
        return new AlertStatus(id, State.OPEN, null, List.of(), null, null, 0);
    }

    /** The next state of this alert: the next revision, changed {@code at} by {@code who}. */
    public AlertStatus next(State status, Disposition disposition, List<Comment> comments, Instant at, String who) {
        return new AlertStatus(id, status, disposition, comments, at, who, revision + 1);
    }

    /** The lifecycle's states. */
    public enum State {
        OPEN, ACKNOWLEDGED, RESOLVED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the states, for an unknown label */
        public static State ofLabel(String label) {
            for (State s : values()) {
                if (s.label().equals(label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown status '" + label + "' (open, acknowledged or resolved)");
        }
    }

    /** What a resolved alert was. */
    public enum Disposition {
        TRUE_POSITIVE, FALSE_POSITIVE, BENIGN, DUPLICATE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the dispositions, for an unknown label */
        public static Disposition ofLabel(String label) {
            for (Disposition d : values()) {
                if (d.label().equals(label)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown disposition '" + label
                    + "' (true_positive, false_positive, benign or duplicate)");
        }
    }

    /** A comment on an alert. */
    public record Comment(Instant time, String by, String text) {
        public Comment {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(text, "text");
        }
    }
}
