package io.cepheus.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.CepEngine;
import io.cepheus.core.EngineOutput;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.MatchKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference's example file, compiled and run end to end. */
class ExamplesTest {

    static String example(String name) {
        try (var in = ExamplesTest.class.getResourceAsStream("/examples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final CompiledRules rules = RuleLanguage.compile(Source.of("payments.cep", example("payments.cep")));
    private final List<Match> matches = new ArrayList<>();
    private final CepEngine engine = CepEngine.builder().rules(rules.engineRules()).output((EngineOutput) matches::add).build();
    private long id;

    private void pay(String rule, String at, String card, String amount, String merchant, double lat, double lon) {
        StreamLayout layout = rules.streams().get("payments");
        long ts = Instant.parse(at).toEpochMilli();
        Event e = layout.event(++id, ts, "card_id", card, "amount", amount, "merchant", merchant, "status", "approved",
                "lat", lat, "lon", lon, "ts", at);
        engine.process(rules.rule(rule).partitionKey(e), e);
    }

    @Test
    void theExampleFileCompilesWithoutWarnings() {
        assertThat(rules.warnings()).isEmpty();
        assertThat(rules.rules()).extracting(CompiledRule::name)
                .containsExactly("card_testing", "impossible_travel", "unpaid_order", "payment_timeout");
    }

    @Test
    void cardTestingRaisesOneAlertWithRenderedSummaryAndFields() {
        CompiledRule rule = rules.rule("card_testing");
        pay("card_testing", "2024-05-01T10:00:00Z", "c1", "1.00", "m1", 0, 0);
        pay("card_testing", "2024-05-01T10:01:00Z", "c1", "1.50", "m1", 0, 0);
        pay("card_testing", "2024-05-01T10:02:00Z", "c1", "0.99", "m2", 0, 0);
        pay("card_testing", "2024-05-01T10:03:00Z", "c1", "900.00", "m3", 0, 0);
        engine.advanceWatermark(Long.MAX_VALUE - 1);

        List<Match> own = matches.stream().filter(m -> m.rule().value().equals("card_testing")).toList();
        assertThat(own).hasSize(1);
        Alert alert = rule.render(own.get(0));
        assertThat(alert.summary()).isEqualTo("Card c1: 3 probes, then 900.00 at m3");
        assertThat(alert.fields()).containsEntry("probes", 3L).containsEntry("total", new BigDecimal("903.49"));
        assertThat(alert.severity()).isEqualTo("high");
        assertThat(alert.channels()).containsExactly("fraud-team", "pager");
        assertThat(rule.suppression()).get().extracting(Suppression::duration).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(rule.suppressionKey(own.get(0))).isEqualTo("c1");
        assertThat(rule.fieldsRead()).containsExactly("card_id", "amount", "merchant", "status");
    }

    @Test
    void cardTestingNeedsABigPurchaseAtAnotherMerchant() {
        pay("card_testing", "2024-05-01T10:00:00Z", "c1", "1.00", "m1", 0, 0);
        pay("card_testing", "2024-05-01T10:01:00Z", "c1", "1.50", "m1", 0, 0);
        pay("card_testing", "2024-05-01T10:02:00Z", "c1", "0.99", "m2", 0, 0);
        pay("card_testing", "2024-05-01T10:03:00Z", "c1", "900.00", "m2", 0, 0);
        engine.advanceWatermark(Long.MAX_VALUE - 1);
        assertThat(matches).noneMatch(m -> m.rule().value().equals("card_testing"));
    }

    @Test
    void impossibleTravelUsesGeoDistanceAndTimeArithmetic() {
        pay("impossible_travel", "2024-05-01T10:00:00Z", "c9", "10.00", "m", 48.8566, 2.3522);
        pay("impossible_travel", "2024-05-01T10:30:00Z", "c9", "10.00", "m", 40.7128, -74.0060);
        engine.advanceWatermark(Long.MAX_VALUE - 1);
        List<Match> own = matches.stream().filter(m -> m.rule().value().equals("impossible_travel")).toList();
        assertThat(own).hasSize(1);
        Alert alert = rules.rule("impossible_travel").render(own.get(0));
        assertThat(alert.summary()).isEqualTo("Card c9 used 5837.0 km apart within 30m");
        assertThat((Double) alert.fields().get("km")).isBetween(5836.0, 5838.0);
    }

    @Test
    void unpaidOrderFiresAnAbsenceWhenTheWindowElapses() {
        StreamLayout orders = rules.streams().get("orders");
        CompiledRule rule = rules.rule("unpaid_order");
        Event placed = orders.event(1, 0, "order_id", "o1", "type", "order_placed", "ts", 0);
        Event placed2 = orders.event(2, 1_000, "order_id", "o2", "type", "order_placed", "ts", 1_000);
        Event paid2 = orders.event(3, 60_000, "order_id", "o2", "type", "payment", "ts", 60_000);
        for (Event e : List.of(placed, placed2, paid2)) {
            engine.process(rule.partitionKey(e), e);
        }
        engine.advanceWatermark(15 * 60_000 - 1);
        assertThat(matches).noneMatch(m -> m.rule().value().equals("unpaid_order"));
        engine.advanceWatermark(15 * 60_000 + 5_000);
        List<Match> own = matches.stream().filter(m -> m.rule().value().equals("unpaid_order")).toList();
        assertThat(own).hasSize(1);
        assertThat(own.get(0).kind()).isEqualTo(MatchKind.ABSENCE);
        assertThat(own.get(0).key()).isEqualTo("o1");
        assertThat(rule.render(own.get(0)).summary()).isEqualTo("Order o1 not paid within 15 minutes");
    }

    @Test
    void alertOnTimeoutRendersStalledPartialMatches() {
        StreamLayout orders = rules.streams().get("orders");
        CompiledRule rule = rules.rule("payment_timeout");
        Event placed = orders.event(1, 0, "order_id", "o1", "type", "order_placed", "amount", "10", "ts", 0);
        Event paid = orders.event(2, 1_000, "order_id", "o1", "type", "payment", "amount", "10", "ts", 1_000);
        engine.process(rule.partitionKey(placed), placed);
        engine.process(rule.partitionKey(paid), paid);
        engine.advanceWatermark(2 * 86_400_000L);
        List<Match> own = matches.stream().filter(m -> m.rule().value().equals("payment_timeout")).toList();
        assertThat(own).extracting(Match::kind).containsOnly(MatchKind.TIMEOUT);
        Alert alert = rule.render(own.get(own.size() - 1));
        assertThat(alert.summary()).isEqualTo("Order o1 stalled");
        assertThat(alert.severity()).isEqualTo("low");
        assertThat(rule.rule().reportTimeouts()).isTrue();
    }
}
