package io.cepheus.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Whatever the bytes, decoding gives an event or a rejection: never another exception. */
class EventDecoderFuzzTest {

    static final String[] SEEDS = {
        "{\"name\":\"x\",\"count\":3,\"amount\":12.50,\"ratio\":0.5,\"ok\":true,\"wait\":\"PT5M\",\"ts\":\"2026-03-01T10:00:00Z\"}",
        "{\"ts\":1772359200000,\"amount\":\"7.10\",\"extra\":[1,{\"a\":[null,true]}],\"name\":\"caf\u00e9 \u20ac\"}",
        "{\"ts\":\"2026-03-01T11:00:00.123+01:00\",\"count\":\"42\",\"wait\":300000,\"ratio\":1e-3}",
    };
    static final String PIECES = "{}[]\":,.-+0123456789eE tnfx\\\u00e9";

    final EventDecoder decoder = new EventDecoder(EventDecoderTest.STREAM);

    @Test
    void randomMutationsOfRecordsAreDecodedOrRejected() {
        SplittableRandom random = new SplittableRandom(17);
        Set<RejectReason> seen = EnumSet.noneOf(RejectReason.class);
        int events = 0;
        for (int n = 0; n < 50_000; n++) {
            byte[] b = mutate(SEEDS[random.nextInt(SEEDS.length)].getBytes(StandardCharsets.UTF_8), random);
            try {
                decoder.decode(b, 0, b.length, n);
                events++;
            } catch (RejectedEventException e) {
                seen.add(e.reason());
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        assertThat(events).isGreaterThan(1_000);
        assertThat(seen).contains(RejectReason.INVALID_JSON, RejectReason.INVALID_UTF8, RejectReason.WRONG_TYPE,
                RejectReason.MISSING_TIME);
    }

    private static byte[] mutate(byte[] b, SplittableRandom random) {
        byte[] out = b.clone();
        for (int k = random.nextInt(4); k > 0; k--) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(4)) {
                case 0 -> out[at] = (byte) random.nextInt(256);
                case 1 -> out[at] = (byte) PIECES.charAt(random.nextInt(PIECES.length()));
                case 2 -> {
                    byte[] shorter = new byte[at];
                    System.arraycopy(out, 0, shorter, 0, at);
                    out = shorter.length == 0 ? new byte[] {'{'} : shorter;
                }
                default -> {
                    byte[] digits = "9".repeat(random.nextInt(1, 30)).getBytes(StandardCharsets.US_ASCII);
                    byte[] longer = new byte[out.length + digits.length];
                    System.arraycopy(out, 0, longer, 0, at);
                    System.arraycopy(digits, 0, longer, at, digits.length);
                    System.arraycopy(out, at, longer, at + digits.length, out.length - at);
                    out = longer;
                }
            }
        }
        return out;
    }
}
