package io.cepheus.server.control;

import java.time.Instant;
import java.util.Objects;

/**
 * A node of the cluster as the control topic holds it, under {@code node/ADDRESS}: written by the node
 * when it starts and deleted when it stops, so every node knows the others' HTTP addresses. The REST
 * API forwards a request for what one node holds in memory (a backtest job) only to an address
 * recorded here. A node that crashed leaves its record until it starts again at the same address;
 * a request forwarded to it finds no one and is answered 503.
 *
 * @param address {@code host:port}, where the other nodes reach its HTTP server
 * @param started when it started
 */
public record NodeRecord(String address, Instant started) {
    public NodeRecord {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(started, "started of node " + address);
        if (!address.matches(".+:\\d{1,5}")) {
            throw new IllegalArgumentException("node address '" + address + "' is not host:port");
        }
    }
}
