package io.cepheus.server.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    @Test
    void linesEndAtLfCrLfOrCrAndTheLastNeedsNoEnd() throws IOException {
        assertThat(lines("a\nb\r\nc\rd\n\ne", 100, 1 << 20, 1 << 20))
                .containsExactly("1:a", "2:b", "3:c", "4:d", "5:", "6:e");
        assertThat(lines("a\n", 100, 1 << 20, 1 << 20)).containsExactly("1:a");
        assertThat(lines("", 100, 1 << 20, 1 << 20)).isEmpty();
    }

    @Test
    void aByteOrderMarkAtTheStartIsSkipped() throws IOException {
        assertThat(lines("\ufeff{}\n\ufeff{}", 100, 1 << 20, 1 << 20)).containsExactly("1:{}", "2:\ufeff{}");
    }

    @Test
    void aLineOverTheLimitIsSkippedWithItsLength() throws IOException {
        String text = "short\n" + "x".repeat(50) + "\r\n" + "y".repeat(11) + "\nlast";

        assertThat(lines(text, 10, 16, 3)).containsExactly("1:short", "2:too long: 50", "3:too long: 11", "4:last");
        assertThat(lines("x".repeat(10) + "\n" + "z".repeat(40), 10, 16, 5)).containsExactly("1:xxxxxxxxxx", "2:too long: 40");
    }

    @Test
    void agreesWithBufferedReaderOnRandomInputReadInRandomPieces() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        for (int n = 0; n < 2000; n++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(30); k > 0; k--) {
                text.append("abcdefghijklmnop", 0, random.nextInt(17))
                        .append(new String[] {"\n", "\r", "\r\n", "\n\n", "\r\r"}[random.nextInt(5)]);
            }
            text.append("end".substring(random.nextInt(4)));
            List<String> expected = new ArrayList<>();
            BufferedReader r = new BufferedReader(new StringReader(text.toString()));
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                expected.add(no + ":" + (line.length() > 12 ? "too long: " + line.length() : line));
            }
            long bytes = text.length();
            assertThat(lines(text.toString(), 12, 16, 1 + random.nextInt(20))).as(text.toString().replace("\r", "\\r")
                    .replace("\n", "\\n")).isEqualTo(expected);
            assertThat(positionAtEnd(text.toString())).isEqualTo(bytes);
        }
    }

    private static long positionAtEnd(String text) throws IOException {
        try (LineReader r = new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), 12, 16)) {
            while (r.next()) {
                // read all
            }
            return r.position();
        }
    }

    /** Every line as {@code number:text}, or {@code number:too long: LENGTH}. */
    private static List<String> lines(String text, int maxLineBytes, int buffer, int piece) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        try (LineReader r = new LineReader(new Pieces(new ByteArrayInputStream(bytes), piece), maxLineBytes, buffer)) {
            while (r.next()) {
                out.add(r.lineNumber() + ":" + (r.tooLong() ? "too long: " + r.length()
                        : new String(r.buffer(), r.start(), r.end() - r.start(), StandardCharsets.UTF_8)));
                assertThat(r.length()).isEqualTo(r.tooLong() ? r.length() : r.end() - r.start());
            }
        }
        return out;
    }

    /** Returns at most {@code piece} bytes per read, as a pipe or a socket may. */
    private static final class Pieces extends FilterInputStream {
        private final int piece;

        Pieces(InputStream in, int piece) {
            super(in);
            this.piece = piece;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, piece));
        }
    }
}
