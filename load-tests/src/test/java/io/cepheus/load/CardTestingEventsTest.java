package io.cepheus.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.Event;
import io.cepheus.server.runtime.EventDecoder;
import io.cepheus.server.runtime.RejectedEventException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CardTestingEventsTest {

    @Test
    void theSameSeedGivesTheSameLines() {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        new CardTestingEvents(5, CardTestingEvents.TimeFormat.ISO).generate(2_000, a::add);
        new CardTestingEvents(5, CardTestingEvents.TimeFormat.ISO).generate(2_000, b::add);
        List<String> other = new ArrayList<>();
        new CardTestingEvents(6, CardTestingEvents.TimeFormat.ISO).generate(2_000, other::add);

        assertThat(a).isEqualTo(b).isNotEqualTo(other);
        assertThat(a.getFirst()).isEqualTo("{\"card_id\":\"c0033942\",\"amount\":1.85,\"merchant\":\"m00630\","
                + "\"status\":\"approved\",\"ts\":\"2026-03-01T00:00:00.162Z\"}");
    }

    @Test
    void linesAreValidPaymentsWithAttacksMixedInAndMostlyInOrder() throws RejectedEventException {
        for (CardTestingEvents.TimeFormat format : CardTestingEvents.TimeFormat.values()) {
            CardTestingEvents events = new CardTestingEvents(CardTestingEvents.DEFAULT_SEED, format);
            EventDecoder decoder = new EventDecoder(CardTestingEvents.layout());
            long bytes = 0;
            int probes = 0;
            int big = 0;
            int backwards = 0;
            long newest = CardTestingEvents.START;
            for (int n = 0; n < 20_000; n++) {
                String line = events.next();
                bytes += line.length() + 1;
                Event e = decoder.decode(line, n);
                BigDecimal amount = (BigDecimal) e.get(1);
                probes += amount.compareTo(new BigDecimal("2")) < 0 ? 1 : 0;
                big += amount.compareTo(new BigDecimal("500")) > 0 ? 1 : 0;
                backwards += e.timestamp() < newest ? 1 : 0;
                assertThat(newest - e.timestamp()).as("inside the 5 s lateness").isLessThan(5_000);
                newest = Math.max(newest, e.timestamp());
            }
            assertThat(bytes / 20_000).as(format + " bytes a line").isBetween(format == CardTestingEvents.TimeFormat.ISO
                    ? 105L : 90L, 112L);
            assertThat(big).as("attacks end with a large purchase").isBetween(70, 130);
            assertThat(probes).as("probes: attacks' and a few ordinary payments under 2.00").isGreaterThan(3 * big);
            assertThat(backwards).as("out of order").isBetween(100, 300);
        }
    }
}
