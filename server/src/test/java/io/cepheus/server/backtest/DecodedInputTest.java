package io.cepheus.server.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cepheus.dsl.FieldType;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.runtime.EventDecoder;
import io.cepheus.server.runtime.RejectReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DecodedInputTest {

    static final StreamLayout STREAM = new StreamLayout("s", null, "ts", null, Duration.ZERO, null, null,
            List.of(new StreamLayout.Field("ts", FieldType.TIMESTAMP, 0)));
    static final EventDecoder DECODER = new EventDecoder(STREAM);

    @Test
    void givesEventsAndRejectionsInFileOrderAcrossBatches() throws IOException {
        StringBuilder text = new StringBuilder("# header\n\n");
        for (int i = 1; i <= 3000; i++) {
            text.append(i % 1000 == 0 ? "{\"ts\":\"never\"}" : "{\"ts\":" + i + "}").append('\n');
        }
        List<String> got = new ArrayList<>();
        try (DecodedInput in = new DecodedInput("t", stream(text.toString()), DECODER, false)) {
            while (in.next()) {
                got.add(in.rejection() != null ? in.line() + " " + in.rejection().reason().code()
                        : in.line() + " " + in.event().timestamp() + " " + idOfItsLine(in.event()));
            }
            assertThat(in.next()).isFalse();
            assertThat(in.position()).isEqualTo(text.length());
        }

        assertThat(got).hasSize(3000);
        assertThat(got.get(0)).isEqualTo("3 1 content id");
        assertThat(got.get(998)).isEqualTo("1001 999 content id");
        assertThat(got.get(999)).isEqualTo("1002 wrong_type");
        assertThat(got.get(2999)).isEqualTo("3002 wrong_type");
    }

    @Test
    void remembersTheFirstLineOfEachEventIdWhenAsked() throws IOException {
        StringBuilder text = new StringBuilder("# header\n");
        for (int i = 1; i <= 2500; i++) {
            text.append("{\"ts\":").append(i % 2000).append("}\n");
        }
        try (DecodedInput in = new DecodedInput("t", stream(text.toString()), DECODER, true)) {
            long last = 0;
            while (in.next()) {
                long id = in.event().id();
                assertThat(in.lineOf(id)).isEqualTo(in.line() > 2001
                        ? in.line() - 2000 : in.line());
                last = id;
            }
            assertThat(in.lineOf(last)).isEqualTo(501);
            assertThat(in.lineOf(12345)).isEqualTo(-1);
        }
    }

    /** Whether the event's id is the content id of the line {@code {"ts":N}} it was decoded from. */
    private static String idOfItsLine(io.cepheus.core.Event e) {
        byte[] line = ("{\"ts\":" + e.timestamp() + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return e.id() == io.cepheus.server.runtime.EventIds.ofContent(line, 0, line.length) ? "content id" : "another id";
    }

    @Test
    void aReadFailureReachesTheConsumerAfterTheLinesBeforeIt() throws IOException {
        InputStream failing = new SequenceInputStream(stream("{\"ts\":1}\n{\"ts\":2}\n"), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        });

        try (DecodedInput in = new DecodedInput("t", failing, DECODER, false)) {
            assertThat(in.next()).isTrue();
            assertThat(in.next()).isTrue();
            assertThat(in.event().timestamp()).isEqualTo(2);
            assertThatThrownBy(in::next).isInstanceOf(IOException.class).hasMessage("disk on fire");
        }
    }

    @Test
    void closingStopsTheProducerAndClosesTheFile() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        InputStream endless = new InputStream() {
            private final byte[] line = "{\"ts\":1}\n".getBytes(StandardCharsets.US_ASCII);
            private int at;

            @Override
            public int read() {
                return line[at++ % line.length];
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };

        DecodedInput in = new DecodedInput("t", endless, DECODER, false);
        assertThat(in.next()).isTrue();
        assertThat(in.rejection()).isNull();
        in.close();

        assertThat(closed.await(30, TimeUnit.SECONDS)).as("the producer closed the file").isTrue();
    }

    @Test
    void aLineOverTheLimitIsRejectedAsOversize() throws IOException {
        try (DecodedInput in = new DecodedInput("t", stream("{\"ts\":1}\n{\"ts\":12345}\n"), new EventDecoder(STREAM, 9), false)) {
            assertThat(in.next()).isTrue();
            assertThat(in.next()).isTrue();
            assertThat(in.rejection().reason()).isEqualTo(RejectReason.OVERSIZE);
            assertThat(in.rejection()).hasMessage("too long: 12 bytes, the limit is 9");
        }
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
