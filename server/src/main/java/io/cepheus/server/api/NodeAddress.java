package io.cepheus.server.api;

import java.util.Objects;

/**
 * Where another node's HTTP server is, for a request the asked node forwards to it.
 *
 * @param host a host name or address (an IPv6 address without brackets)
 * @param port its HTTP port
 */
public record NodeAddress(String host, int port) {
    public NodeAddress {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " of " + host + " is not 1 to 65535");
        }
    }

    /** @throws IllegalArgumentException if {@code hostAndPort} is not {@code host:port} */
    static NodeAddress parse(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon <= 0 || !hostAndPort.substring(colon + 1).matches("\\d{1,5}")) {
            throw new IllegalArgumentException("'" + hostAndPort + "' is not host:port");
        }
        return new NodeAddress(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    }
}
