package io.cepheus.server.config;

/** TCP port numbers: 0 (pick a free one) to 65535. */
final class Ports {

    static final int MAX = 65_535;

    private Ports() {}

    static void check(int port) {
        if (port < 0 || port > MAX) {
            throw new IllegalArgumentException("port must be 0 to " + MAX + ", was " + port);
        }
    }
}
