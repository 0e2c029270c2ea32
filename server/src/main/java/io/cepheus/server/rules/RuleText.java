package io.cepheus.server.rules;

import io.cepheus.dsl.Diagnostic;
import io.cepheus.dsl.Source;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a rule file's bytes into a {@link Source}. Rule files are UTF-8; a file that is not is still
 * read, each bad byte as U+FFFD, so the rest of it is checked, and carries an error at the line and
 * column of its first bad byte. (A leading byte-order mark is dropped by {@link Source}.)
 * Stateless.
 */
final class RuleText {

    private RuleText() {}

    static RuleTools.RuleFile decode(String name, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int bad = firstBadByte(bytes);
        if (bad < 0) {
            return new RuleTools.RuleFile(Source.of(name, text), null);
        }
        Source source = Source.of(name, text);
        String before = Source.of(name, new String(bytes, 0, bad, StandardCharsets.UTF_8)).text();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < before.length(); i++) {
            if (before.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = before.length() - lineStart + 1;
        Diagnostic error = new Diagnostic(Diagnostic.Severity.ERROR, name, line, column, 1,
                String.format("not valid UTF-8 (byte 0x%02X): rule files must be saved as UTF-8", bytes[bad] & 0xff));
        return new RuleTools.RuleFile(source, error);
    }

    /** The offset of the first byte that is not UTF-8, or -1. */
    private static int firstBadByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = decoder.decode(in, CharBuffer.allocate(bytes.length + 1), true);
        return result.isError() ? in.position() : -1;
    }
}
