package io.cepheus.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The binary form of an {@link Event} — the one stored state and snapshots use: {@code long id,
 * long timestamp, int values, value*} with each value tagged (null, boolean, int, long, double,
 * decimal, string). For callers that move events between processes (the server's repartition
 * topic). Stateless.
 */
public final class EventCodec {

    private EventCodec() {}

    /**
     * @throws IllegalArgumentException if a value is of a type events cannot hold
     */
    public static void write(DataOutputStream out, Event event) throws IOException {
        KeyStateCodec.writeEvent(out, event);
    }

    /**
     * @throws IOException if the bytes end early or hold an unknown value tag
     */
    public static Event read(DataInputStream in) throws IOException {
        return KeyStateCodec.readEvent(in);
    }
}
