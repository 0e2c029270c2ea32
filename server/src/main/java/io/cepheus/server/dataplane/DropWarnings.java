package io.cepheus.server.dataplane;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The WARN lines about partial matches dropped at a cap, at most one per rule per interval: the
 * first drop of a rule is logged at once, later ones are summed and logged with the next drop after
 * the interval has passed (so a rule that keeps dropping logs once a minute, with the count).
 *
 * <p>Thread-safe: the CEP tasks of a node share one.
 */
final class DropWarnings {

    private final long intervalMs;
    private final Consumer<String> log;
    private final Map<String, Window> byRule = new ConcurrentHashMap<>();

    /** Drops of one rule since its last line. */
    private static final class Window {
        long loggedAt;
        long count;
        boolean logged;
    }

    /**
     * @param intervalMs the least time between two lines of one rule
     * @param log where the lines go (a logger's {@code warn})
     */
    DropWarnings(long intervalMs, Consumer<String> log) {
        this.intervalMs = intervalMs;
        this.log = log;
    }

    /** {@code count} partial matches of {@code rule} dropped for {@code key} at wall-clock time {@code nowMs}. */
    void dropped(String rule, String key, int count, long nowMs) {
        Window w = byRule.computeIfAbsent(rule, r -> new Window());
        String line = null;
        synchronized (w) {
            w.count += count;
            if (!w.logged || nowMs - w.loggedAt >= intervalMs) {
                line = "rule " + rule + ": " + w.count + " partial match" + (w.count == 1 ? "" : "es") + " dropped at a cap"
                        + (w.logged ? " in the last " + (nowMs - w.loggedAt) / 1000 + " s" : "") + " (last for key " + key
                        + "; see max.partial.matches, max.partial.matches.per.rule)";
                w.logged = true;
                w.loggedAt = nowMs;
                w.count = 0;
            }
        }
        if (line != null) {
            log.accept(line);
        }
    }
}
