package io.cepheus.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventStreamTest {

    private final Workload w1 = Workload.byId("W1-1k").withEvents(10_000);

    @Test
    void theSameSeedGivesTheSameEventsAndEachIsAPureFunctionOfItsIndex() {
        EventStream a = EventStream.generate(w1, 7);
        EventStream b = EventStream.generate(w1, 7);
        for (int i = 0; i < a.size(); i++) {
            EventStream.Draw d = EventStream.at(w1, 7, i);
            assertThat(a.keyOf(i)).isEqualTo(b.keyOf(i)).isEqualTo(EventStream.keyName(d.key()));
            assertThat(a.type(i)).isSameAs(b.type(i)).isSameAs(w1.types().name(d.type()));
            assertThat(a.amount(i)).isEqualTo(b.amount(i)).isEqualTo(d.amount()).isBetween(1L, 1000L);
            assertThat(a.timestamp(i)).isEqualTo(d.timestamp()).isEqualTo(EventStream.BASE_TIMESTAMP + i);
        }
    }

    @Test
    void typesFollowTheWorkloadsMix() {
        EventStream s = EventStream.generate(w1, EventStream.DEFAULT_SEED);
        int[] counts = new int[3];
        for (int i = 0; i < s.size(); i++) {
            counts[w1.types().names().indexOf(s.type(i))]++;
        }
        assertThat(counts[0]).isBetween(2_300, 2_700); // A 25 %
        assertThat(counts[1]).isBetween(2_300, 2_700); // B 25 %
        assertThat(counts[2]).isBetween(4_700, 5_300); // C 50 %
    }

    @Test
    void aGroupSelectsEveryVariant() {
        assertThat(Workload.select("w1")).extracting(Workload::id).containsExactly("W1-1k", "W1-10k");
        assertThat(Workload.select("W5-12")).extracting(Workload::id).containsExactly("W5-12");
    }
}
