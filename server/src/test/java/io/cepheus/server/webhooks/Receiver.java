package io.cepheus.server.webhooks;

import org.awaitility.Awaitility;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Test harness: a real webhook receiver (the JDK's HTTP server on 127.0.0.1, a virtual thread per
 * request) that records every request it gets and answers as its {@link #answer behaviour} says: a
 * status, headers, and a delay before answering (to be slow, or to time out).
 */
public final class Receiver implements AutoCloseable {

    /**
     * A request as it came.
     *
     * @param connection the client's address and port: the same for requests on the same connection
     * @param local the address the client connected to
     */
    public record Request(Instant at, String path, Map<String, String> headers, byte[] body, String connection,
                          String local) {
        /** A header by its lower-case name; null if absent. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What to answer. */
    public record Answer(int status, Map<String, String> headers, Duration delay, String body) {
        public static Answer of(int status) {
            return new Answer(status, Map.of(), Duration.ZERO, "");
        }

        public Answer after(Duration d) {
            return new Answer(status, headers, d, body);
        }

        public Answer with(String header, String value) {
            Map<String, String> h = new TreeMap<>(headers);
            h.put(header, value);
            return new Answer(status, h, delay, body);
        }

        public Answer body(String text) {
            return new Answer(status, headers, delay, text);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private volatile Function<Request, Answer> behaviour = r -> Answer.of(200);


    /** A receiver on 127.0.0.1. */
    public Receiver() {
        this("127.0.0.1");
    }

    /** A receiver on {@code address} ({@code 0.0.0.0}: every address of the machine). */
    public Receiver(String address) {
        try {
            server = HttpServer.create(new InetSocketAddress(address, 0), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            Request request = new Request(Instant.now(), exchange.getRequestURI().toString(), headers,
                    exchange.getRequestBody().readAllBytes(), exchange.getRemoteAddress().toString(),
                    exchange.getLocalAddress().getAddress().getHostAddress());
            synchronized (requests) {
                requests.add(request);
            }
            Answer a = behaviour.apply(request);
            try {
                Thread.sleep(a.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            } catch (IOException e) {
                // the client went away (it timed out)
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The receiver's URL, with {@code path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** From now on, answer as {@code behaviour} says. */
    public Receiver answer(Function<Request, Answer> behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    /** The connections the requests so far came on. */
    public long connections() {
        return requests().stream().map(Request::connection).distinct().count();
    }

    /** Every request so far. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Waits (up to {@code deadline}) until the requests satisfy {@code done}; returns them. */
    public List<Request> await(Duration deadline, Predicate<List<Request>> done) {
        Awaitility.await().atMost(deadline).pollInterval(Duration.ofMillis(20)).until(() -> done.test(requests()));
        return requests();
    }

    /** Waits until at least {@code n} requests came. */
    public List<Request> await(Duration deadline, int n) {
        return await(deadline, r -> r.size() >= n);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
