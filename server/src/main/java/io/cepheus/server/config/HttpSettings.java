package io.cepheus.server.config;

import java.util.Objects;

/**
 * Where the HTTP server listens.
 *
 * @param host the address to bind ({@code 0.0.0.0}: every interface)
 * @param port the TCP port; 0 picks a free one
 */
public record HttpSettings(String host, int port) {

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Ports.check(port);
    }
}
