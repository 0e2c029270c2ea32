package io.cepheus.server.webhooks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The idle keep-alive connections of the webhook requests, per origin (scheme, host as the URL names
 * it, port), each tagged with the address it is connected to.
 *
 * <p><b>The SSRF guarantee holds.</b> A connection is handed out only for the very address the
 * {@link AddressGuard} checked for the attempt that takes it: {@link #take} is given that address,
 * and the idle connections of the origin to any other address (the name resolves elsewhere now)
 * are closed, never used. So the address connected to is still the one checked, at every attempt.
 *
 * <p><b>Bounded and idle-closed.</b> At most {@code perOrigin} idle connections per origin are kept
 * (one given back beyond that is closed); a connection idle for {@link #IDLE} is closed ({@link
 * #closeIdle}, run every second, and at {@link #take}). {@code IDLE} is under the 5 s after which
 * common servers (Node.js) close an idle connection, so a request rarely races the server's close;
 * when it does, {@link HttpPost} sends it again once on a new connection. Only a connection whose
 * answer was read to its end, and that neither side asked to close, is given back.
 *
 * <p>Thread-safe (one lock; closing happens outside it); a connection is used by one request at a time.
 */
final class Connections implements AutoCloseable {

    /** How long a connection may stay idle before it is closed. */
    static final Duration IDLE = Duration.ofSeconds(4);

    /** Where a connection goes: the URL's scheme, host and port. */
    record Origin(boolean secure, String host, int port) {}

    /** An open connection to {@code address}, with the buffered reader of its answers. */
    static final class Connection implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final InetAddress address;
        final boolean reused;
        private long idleSince;

        Connection(Socket socket, InetAddress address) throws IOException {
            this(socket, new BufferedInputStream(socket.getInputStream(), 8192), address, false);
        }

        private Connection(Socket socket, InputStream in, InetAddress address, boolean reused) {
            this.socket = socket;
            this.in = in;
            this.address = address;
            this.reused = reused;
        }

        /** The same connection, for its next request. */
        Connection again() {
            return new Connection(socket, in, address, true);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closed either way
            }
        }
    }

    private final int perOrigin;
    private final Map<Origin, ArrayDeque<Connection>> idle = new HashMap<>();
    private boolean closed;

    /** @param perOrigin the most idle connections kept per origin (the endpoints' concurrency) */
    Connections(int perOrigin) {
        if (perOrigin < 1) {
            throw new IllegalArgumentException("perOrigin must be 1 or more, was " + perOrigin);
        }
        this.perOrigin = perOrigin;
    }

    /**
     * An idle connection of {@code origin} to {@code checked}, the address the guard just checked;
     * empty when there is none (the caller connects). Idle connections of the origin to another
     * address are closed.
     */
    java.util.Optional<Connection> take(Origin origin, InetAddress checked) {
        List<Connection> stale = new ArrayList<>();
        Connection found = null;
        long now = System.nanoTime();
        synchronized (this) {
            ArrayDeque<Connection> q = idle.get(origin);
            if (q != null) {
                for (Iterator<Connection> it = q.iterator(); it.hasNext(); ) {
                    Connection c = it.next();
                    if (!c.address.equals(checked) || now - c.idleSince >= IDLE.toNanos()) {
                        it.remove();
                        stale.add(c);
                    }
                }
                found = q.pollLast(); // the most recently used: the least likely to have been closed
                if (q.isEmpty()) {
                    idle.remove(origin);
                }
            }
        }
        stale.forEach(Connection::close);
        return java.util.Optional.ofNullable(found).map(Connection::again);
    }

    /** Gives back a connection whose answer was read to its end; closes it if there are enough idle. */
    void giveBack(Origin origin, Connection c) {
        c.idleSince = System.nanoTime();
        synchronized (this) {
            if (!closed) {
                ArrayDeque<Connection> q = idle.computeIfAbsent(origin, o -> new ArrayDeque<>());
                if (q.size() < perOrigin) {
                    q.addLast(c);
                    return;
                }
            }
        }
        c.close();
    }

    /** Closes the connections idle for {@link #IDLE} or longer. */
    void closeIdle() {
        List<Connection> stale = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            for (Iterator<ArrayDeque<Connection>> qs = idle.values().iterator(); qs.hasNext(); ) {
                ArrayDeque<Connection> q = qs.next();
                q.removeIf(c -> now - c.idleSince >= IDLE.toNanos() && stale.add(c));
                if (q.isEmpty()) {
                    qs.remove();
                }
            }
        }
        stale.forEach(Connection::close);
    }

    /** The idle connections now. */
    synchronized int idleCount() {
        return idle.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /** Closes every idle connection; one given back later is closed. Idempotent. */
    @Override
    public void close() {
        List<Connection> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(Connection::close);
    }
}
