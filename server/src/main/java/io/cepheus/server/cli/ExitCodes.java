package io.cepheus.server.cli;

/** The exit codes of every command, for CI. */
final class ExitCodes {
    /** Everything is fine. */
    static final int OK = 0;
    /** The rules have errors, tests failed, files are not formatted, or {@code serve} could not start. */
    static final int FAILED = 1;
    /** The command line is wrong: unknown option, missing file, ... */
    static final int USAGE = 2;
    /** A bug in cepheus itself. */
    static final int INTERNAL = 3;

    private ExitCodes() {}
}
