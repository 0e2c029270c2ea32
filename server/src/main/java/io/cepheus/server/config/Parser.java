package io.cepheus.server.config;

/** Turns an option's text into its value, or says what the text is not. */
@FunctionalInterface
interface Parser<T> {

    /**
     * @param text the value as written, never null
     * @throws BadValue naming what was expected, e.g. {@code is not a port number (...)}
     */
    T parse(String text) throws BadValue;

    /** An unusable value; the message completes "'value' ...". */
    final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;

        BadValue(String problem) {
            super(problem, null, false, false);
        }
    }
}
