package io.cepheus.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.server.backtest.Alert;
import io.cepheus.server.backtest.Backtest;
import io.cepheus.server.backtest.BacktestListener;
import io.cepheus.server.backtest.BacktestSummary;
import io.cepheus.server.backtest.EventRef;
import io.cepheus.server.backtest.Input;
import io.cepheus.server.rules.Compilation;
import io.cepheus.server.rules.RuleTools;
import io.cepheus.server.runtime.RejectReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's traffic, generated for twenty minutes of event time from a seed and run through the
 * real engine ({@code cepheus backtest}'s) with the demo's rules: every planted run gives its alert,
 * early for the first ones, and nothing else gives any — the benign traffic alone never fires the
 * planted rules.
 */
class DemoTrafficTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration LENGTH = Duration.ofMinutes(20);
    /** Longer than any planted run lasts, plus the missing heartbeat's minute. */
    private static final Duration LONGEST_RUN = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void everyPlantedRunFiresItsRuleAndNothingElseFiresThem() throws IOException {
        Timeline timeline = timeline(42, 20);
        List<DemoEvent> events = new ArrayList<>();
        for (Instant t = START; t.isBefore(START.plus(LENGTH)); t = t.plus(Generator.TICK)) {
            events.addAll(timeline.due(t));
        }
        events.addAll(timeline.end(START.plus(LENGTH)));
        List<Alert> alerts = new ArrayList<>();
        List<String> problems = new ArrayList<>();

        BacktestSummary summary = backtest(events, alerts, problems);

        assertThat(problems).isEmpty();
        assertThat(summary.eventsRead()).isEqualTo(events.size()).isGreaterThan(20 * 60 * 20);
        Map<String, Set<String>> planted = byRule(timeline.planted().stream()
                .filter(p -> p.start().isBefore(START.plus(LENGTH).minus(LONGEST_RUN))));
        Map<String, Set<String>> plantedAtAll = byRule(timeline.planted().stream());
        Map<String, Set<String>> fired = new TreeMap<>();
        alerts.forEach(a -> fired.computeIfAbsent(a.rule(), r -> new TreeSet<>()).add(a.key()));
        assertThat(planted.keySet()).containsExactly("account_takeover", "card_testing", "impossible_travel",
                "missing_heartbeat");
        planted.forEach((rule, keys) -> {
            assertThat(fired.get(rule)).as(rule + " fired for every run planted").containsAll(keys);
            assertThat(plantedAtAll.get(rule)).as(rule + " fired only for planted runs").containsAll(fired.get(rule));
        });
        assertThat(fired.keySet()).as("the demo runs no other rule").isEqualTo(planted.keySet());
        assertThat(alerts).as("one alert per planted run").hasSameSizeAs(alerts.stream()
                .map(a -> a.rule() + "|" + a.key()).distinct().toList());
    }

    @Test
    void aRestartWithAnotherSeedAfterAPauseFiresOnlyForPlantedKeys() throws IOException {
        Timeline before = timeline(11, 20);
        List<DemoEvent> events = new ArrayList<>();
        Instant stop = START.plus(Duration.ofMinutes(5));
        for (Instant t = START; t.isBefore(stop); t = t.plus(Generator.TICK)) {
            events.addAll(before.due(t));
        }
        events.addAll(before.end(stop));
        Instant restart = stop.plus(Duration.ofMinutes(3));
        Timeline after = new Timeline(Cast.schedules(20, new Random(12)), new Random(12), restart);
        for (Instant t = restart; t.isBefore(restart.plus(Duration.ofMinutes(10))); t = t.plus(Generator.TICK)) {
            events.addAll(after.due(t));
        }
        events.addAll(after.end(restart.plus(Duration.ofMinutes(10))));
        List<Alert> alerts = new ArrayList<>();
        List<String> problems = new ArrayList<>();

        backtest(events, alerts, problems);

        Set<String> planted = new TreeSet<>();
        java.util.stream.Stream.concat(before.planted().stream(), after.planted().stream())
                .forEach(p -> planted.add(p.rule() + "|" + p.key()));
        assertThat(problems).isEmpty();
        assertThat(alerts).hasSizeGreaterThan(10)
                .allSatisfy(a -> assertThat(planted).as(a.summary()).contains(a.rule() + "|" + a.key()));
    }

    @Test
    void theFirstPlantedRunsFireWithinFortySecondsOfTheStartTheSilentDeviceAfterItsMinute() throws IOException {
        Timeline timeline = timeline(7, 20);
        List<DemoEvent> events = new ArrayList<>(timeline.due(START.plus(Duration.ofSeconds(90))));
        List<Alert> alerts = new ArrayList<>();

        backtest(events, alerts, new ArrayList<>());

        Map<String, Instant> first = new TreeMap<>();
        alerts.forEach(a -> first.merge(a.rule(), Instant.ofEpochMilli(a.fired()), (x, y) -> x.isBefore(y) ? x : y));
        assertThat(first).hasSize(4);
        first.forEach((rule, fired) -> assertThat(Duration.between(START, fired)).as(rule)
                .isLessThanOrEqualTo(Duration.ofSeconds(rule.equals(SilentDevice.RULE) ? 61 : 40)));
    }

    @Test
    void aSeedGivesTheSameEventsHoweverOftenTheTimelineIsAsked() {
        Timeline everyTick = timeline(3, 20);
        Timeline now = timeline(3, 20);
        List<DemoEvent> ticked = new ArrayList<>();
        for (Instant t = START; !t.isAfter(START.plusSeconds(300)); t = t.plusMillis(50)) {
            ticked.addAll(everyTick.due(t));
        }

        List<DemoEvent> atOnce = now.due(START.plusSeconds(300));

        assertThat(atOnce).isEqualTo(ticked);
        assertThat(now.planted()).isEqualTo(everyTick.planted());
        assertThat(atOnce).isSortedAccordingTo(java.util.Comparator.comparing(DemoEvent::time));
        assertThat(timeline(4, 20).due(START.plusSeconds(300))).isNotEqualTo(atOnce);
    }

    @Test
    void theRateIsBenignEventsPerSecondWithTheFleetsHeartbeatsOnTop() {
        List<DemoEvent> minute = timeline(5, 50).due(START.plusSeconds(59).plusMillis(999));

        Map<String, Long> perStream = minute.stream().collect(Collectors.groupingBy(DemoEvent::stream,
                TreeMap::new, Collectors.counting()));

        // 50/s: half payments, a quarter each account events and logins; 20 devices every 10 s;
        // the planted runs add a few (card testing's probes, the takeover's steps, two logins, one beat)
        assertThat(perStream.get("payments")).isBetween(1_500L, 1_515L);
        assertThat(perStream.get("account_events")).isBetween(750L, 760L);
        assertThat(perStream.get("logins")).isBetween(750L, 752L);
        assertThat(perStream.get("heartbeats")).isEqualTo(6 * Cast.DEVICES + 1);
    }

    private static Timeline timeline(int seed, int rate) {
        Random random = new Random(seed);
        return new Timeline(Cast.schedules(rate, random), random, START);
    }

    private static Map<String, Set<String>> byRule(java.util.stream.Stream<Planted> planted) {
        return planted.collect(Collectors.groupingBy(Planted::rule, TreeMap::new,
                Collectors.mapping(Planted::key, Collectors.toCollection(TreeSet::new))));
    }

    /** The events, one file per stream, through the demo's rules with backtest's engine. */
    private BacktestSummary backtest(List<DemoEvent> events, List<Alert> alerts, List<String> problems) throws IOException {
        Compilation compiled = RuleTools.compile(Demo.examples());
        assertThat(compiled.hasErrors()).as(compiled.render()).isFalse();
        ObjectMapper json = new ObjectMapper();
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (DemoEvent e : events) {
            lines.computeIfAbsent(e.stream(), s -> new ArrayList<>()).add(json.writeValueAsString(e.fields()));
        }
        List<Input> inputs = new ArrayList<>();
        for (Map.Entry<String, List<String>> stream : lines.entrySet()) {
            Path file = Files.write(dir.resolve(stream.getKey() + ".jsonl"), stream.getValue());
            inputs.add(new Input(file, stream.getKey(), compiled.rules().stream(stream.getKey()).orElseThrow()));
        }
        return new Backtest(compiled.rules().rules()).run(inputs, new BacktestListener() {
            @Override
            public void alert(Alert alert) {
                alerts.add(alert);
            }

            @Override
            public void rejected(EventRef event, RejectReason reason, String message) {
                problems.add("rejected " + reason + ": " + message);
            }

            @Override
            public void late(EventRef event, long timestamp, long watermark) {
                problems.add("late: " + timestamp + " behind " + watermark);
            }

            @Override
            public void ruleError(String rule, String key, EventRef event, String message) {
                problems.add(rule + " failed for " + key + ": " + message);
            }
        });
    }
}
