package io.cepheus.core;

import static io.cepheus.core.Harness.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.pattern.Condition;
import io.cepheus.core.pattern.Sequence;
import io.cepheus.core.pattern.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the engine tells its output about when a result came out, and on which event a rule failed. */
class EmissionTest {

    private final List<String> seen = new ArrayList<>();
    private final EngineOutput output = new EngineOutput() {
        @Override
        public void onMatch(Match match) {
            throw new AssertionError("the engine calls onMatch(emitted, match)");
        }

        @Override
        public void onMatch(long emitted, Match match) {
            seen.add(Harness.format(match) + " at " + match.timestamp() + " emitted " + emitted);
        }

        @Override
        public void onRuleError(RuleId rule, String key, Event event, RuntimeException error) {
            seen.add("error on " + (event == null ? "no event" : event.get(Harness.NAME)) + ": " + error.getMessage());
        }
    };

    private CepEngine engine(Rule rule) {
        return CepEngine.builder().rule(rule).output(output).build();
    }

    @Test
    void aMatchComesOutAtItsEventAndATimeoutAtTheAdvanceThatFoundIt() {
        Rule rule = Rule.of("r", Sequence.begin(step("a")).followedBy(step("b")).build())
                .within(Duration.ofMillis(10)).reportingTimeouts();
        try (CepEngine e = engine(rule)) {
            e.process("k", Harness.event(1, 1000, "a1"));
            e.process("k", Harness.event(2, 1004, "b1"));
            e.process("k", Harness.event(3, 1005, "a2"));
            e.advanceWatermark(1004);
            e.advanceWatermark(1100);
        }
        assertThat(seen).containsExactly("a1 b1 at 1004 emitted 1004", "timeout(a2) at 1015 emitted 1100");
    }

    @Test
    void aRuleErrorNamesTheEventBeingMatched() {
        Condition fails = (event, ctx) -> {
            throw new IllegalStateException("boom");
        };
        try (CepEngine e = engine(Rule.of("r", Sequence.begin(step("a")).followedBy(Step.of("b", fails)).build()))) {
            e.process("k", Harness.event(1, 1000, "a1"));
            e.process("k", Harness.event(2, 1001, "x1"));
            e.advanceWatermark(1001);
        }
        assertThat(seen).containsExactly("error on x1: boom");
    }
}
