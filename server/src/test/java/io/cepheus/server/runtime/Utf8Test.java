package io.cepheus.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Utf8Test {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            7b7d                         | -1
            c3a9                         | -1
            e282ac                       | -1
            f09f9880                     | -1
            f48fbfbf                     | -1
            616161616161616161ff         | 9
            80                           | 0
            c0af                         | 0
            c3                           | 0
            61c328                       | 1
            e08080                       | 0
            eda080                       | 0
            f08f8080                     | 0
            f4908080                     | 0
            f5808080                     | 0
            e282                         | 0
            """)
    void findsTheFirstIllFormedSequence(String hex, int expected) {
        byte[] b = HexFormat.of().parseHex(hex);
        assertThat(Utf8.firstInvalid(b, 0, b.length)).isEqualTo(expected);
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        SplittableRandom random = new SplittableRandom(7);
        String sample = "a{\"é€😀\u07ff\ud7ff\ue000\uffff";
        for (int n = 0; n < 100_000; n++) {
            byte[] b = (sample.repeat(random.nextInt(1, 4)) + "xxxxxxxx".substring(random.nextInt(8)))
                    .getBytes(StandardCharsets.UTF_8);
            for (int k = random.nextInt(3); k > 0; k--) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            int from = random.nextInt(3);
            assertThat(Utf8.firstInvalid(b, from, b.length)).as(HexFormat.of().formatHex(b)).isEqualTo(jdk(b, from));
        }
    }

    private static int jdk(byte[] b, int from) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, from, b.length - from);
        CoderResult r = d.decode(in, CharBuffer.allocate(b.length * 2), true);
        if (r.isError()) {
            return in.position();
        }
        r = d.flush(CharBuffer.allocate(4));
        return r.isError() ? in.position() : -1;
    }
}
