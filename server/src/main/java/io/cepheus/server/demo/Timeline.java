package io.cepheus.server.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * The demo's traffic in event-time order: every scenario played on its schedule — its first run a
 * few seconds after the start, then one every so often — its runs' events queued and handed out once
 * their time has come.
 *
 * <p>Design: two priority queues, runs by start time and events by time. {@link #due} first plays every
 * run that starts at or before {@code now}, in start order (ties in schedule order), then hands out
 * every queued event at or before {@code now}, in time order. A run never has an event before its
 * start, so an event handed out is never followed by an earlier one, and the runs are played in an
 * order that depends on their start times only — never on when {@link #due} is called — so a seed
 * gives the same events however the caller's thread is scheduled.
 *
 * <p>Not thread-safe.
 */
final class Timeline {

    /**
     * When a scenario runs.
     *
     * @param first its first run, after the start
     * @param every the time between two runs' starts
     */
    record Schedule(Scenario scenario, Duration first, Duration every) {
        Schedule {
            Objects.requireNonNull(scenario, "scenario");
            if (first.isNegative() || every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("first must be 0 or more and every above 0, were " + first + ", "
                        + every);
            }
        }
    }

    private record Run(Instant start, int schedule) {}

    private record Queued(DemoEvent event, long sequence) {}

    private final List<Schedule> schedules;
    private final RandomGenerator random;
    private final PriorityQueue<Run> runs = new PriorityQueue<>(
            Comparator.comparing(Run::start).thenComparingInt(Run::schedule));
    private final PriorityQueue<Queued> events = new PriorityQueue<>(
            Comparator.comparing((Queued q) -> q.event().time()).thenComparingLong(Queued::sequence));
    private final List<Planted> planted = new ArrayList<>();
    private long sequence;

    Timeline(List<Schedule> schedules, RandomGenerator random, Instant start) {
        this.schedules = List.copyOf(schedules);
        this.random = random;
        for (int i = 0; i < this.schedules.size(); i++) {
            runs.add(new Run(start.plus(this.schedules.get(i).first()), i));
        }
    }

    /** Every event at or before {@code now} not handed out yet, in time order. */
    List<DemoEvent> due(Instant now) {
        while (!runs.isEmpty() && !runs.peek().start().isAfter(now)) {
            Run r = runs.poll();
            Schedule s = schedules.get(r.schedule());
            List<DemoEvent> played = s.scenario().play(r.start(), random);
            played.forEach(e -> events.add(new Queued(e, sequence++)));
            s.scenario().plants().ifPresent(rule -> planted.add(new Planted(rule, played.getFirst().key(), r.start())));
            runs.add(new Run(r.start().plus(s.every()), r.schedule()));
        }
        List<DemoEvent> due = new ArrayList<>();
        while (!events.isEmpty() && !events.peek().event().time().isAfter(now)) {
            due.add(events.poll().event());
        }
        return due;
    }

    /** The scenarios' farewells at {@code now}; what is queued for later is dropped. */
    List<DemoEvent> end(Instant now) {
        events.clear();
        runs.clear();
        List<DemoEvent> last = new ArrayList<>();
        schedules.forEach(s -> last.addAll(s.scenario().farewell(now)));
        return last;
    }

    /** The runs planted so far, oldest first. */
    List<Planted> planted() {
        return List.copyOf(planted);
    }
}
