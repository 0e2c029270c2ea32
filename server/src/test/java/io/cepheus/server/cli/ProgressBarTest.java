package io.cepheus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    final AtomicLong clock = new AtomicLong(5_000_000_000L);
    final StringWriter err = new StringWriter();
    final ProgressBar bar = new ProgressBar(new PrintWriter(err), clock::get);

    @Test
    void staysQuietDuringTheFirstSecond() {
        clock.addAndGet(999_000_000L);
        bar.update(10, 100, 5);
        bar.finish();

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void drawsAfterASecondAndErasesItselfAtTheEnd() {
        clock.addAndGet(1_000_000_000L);
        bar.update(50, 100, 1234);

        String drawn = "\r[###############               ] 50%  1234 events";
        assertThat(err.toString()).isEqualTo(drawn);

        clock.addAndGet(10_000_000L);
        bar.update(60, 100, 1500);
        assertThat(err.toString()).as("redrawn at most ten times a second").isEqualTo(drawn);

        bar.finish();
        assertThat(err.toString()).isEqualTo(drawn + "\r" + " ".repeat(drawn.length() - 1) + "\r");
    }
}
