package io.cepheus.server.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free ports on 127.0.0.1 for the embedded node. */
final class Ports {

    private Ports() {}

    /**
     * @param port the wanted port, or 0 for any free one
     * @return {@code port}, or a port that was free a moment ago when {@code port} is 0
     * @throws KafkaStartException if {@code port} is taken
     */
    static int claim(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(BrokerProperties.HOST), port));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new KafkaStartException("the embedded Kafka broker cannot listen on " + BrokerProperties.HOST + ":"
                    + port + " for " + what + ": " + e.getMessage()
                    + " (another Kafka running? set kafka.port / CEPHEUS_KAFKA_PORT to a free port, or 0 for any)");
        }
    }
}
