package io.cepheus.server.config;

/**
 * The configuration cannot be used. The message names the option as the user wrote it (an
 * environment variable, a key of the config file, or a flag) and the bad value, e.g.
 * {@code invalid CEPHEUS_HTTP_PORT: 'abc' is not a port number (0 to 65535; 0 picks a free port)}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message, null, false, false);
    }
}
