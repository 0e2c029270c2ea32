package io.cepheus.server.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the process's standard error is a terminal, so that drawing in place there (a progress
 * bar with {@code \r}) reaches a person rather than a log file.
 *
 * <p>Java has no direct test for stderr. Where the system shows file descriptors ({@code
 * /proc/self/fd/2} on Linux), stderr is a terminal when it links to a terminal device. Elsewhere
 * the process's {@link Console} decides: before JDK 22 {@code System.console()} is null unless the
 * process runs on a terminal; from JDK 22 it is never null, and {@code Console.isTerminal()} (not
 * in release 21, so called reflectively) says whether it is one. The console follows stdin and
 * stdout, so there a redirected stderr alone is not seen. Stateless.
 */
final class Terminal {

    private static final Path STDERR = Path.of("/proc/self/fd/2");

    private Terminal() {}

    /** Whether stderr is a terminal; false when it cannot be told. */
    static boolean stderr() {
        if (Files.isSymbolicLink(STDERR)) {
            try {
                return isTerminalDevice(Files.readSymbolicLink(STDERR).toString());
            } catch (IOException | SecurityException e) {
                return false;
            }
        }
        return console(System.console(), Runtime.version().feature());
    }

    /** What a file descriptor links to: a terminal device, or a file, pipe or socket. */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }

    /** What the console says, on a JDK of feature version {@code jdk}. */
    static boolean console(Console console, int jdk) {
        if (console == null) {
            return false;
        }
        if (jdk < 22) {
            return true;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
