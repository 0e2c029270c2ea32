package io.cepheus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TerminalTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "/dev/pts/3, true",
        "/dev/tty1, true",
        "/dev/console, true",
        "/tmp/backtest.log, false",
        "pipe:[41237], false",
        "socket:[99], false",
        "/dev/null, false",
    })
    void stderrIsATerminalWhenItLinksToATerminalDevice(String target, boolean terminal) {
        assertThat(Terminal.isTerminalDevice(target)).isEqualTo(terminal);
    }

    @Test
    void withoutAConsoleThereIsNoTerminalOnAnyJdk() {
        assertThat(Terminal.console(null, 21)).isFalse();
        assertThat(Terminal.console(null, 25)).isFalse();
    }

    @Test
    void theTestsOwnStderrIsNotATerminal() {
        // surefire runs tests with stderr on a pipe or a file
        assertThat(Terminal.stderr()).isFalse();
    }
}
