package io.cepheus.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive against real receivers that count connections: requests share one connection per
 * origin and checked address; an answer that closes it, a changed address or a server that closed an
 * idle connection gets a new one.
 */
class KeepAliveTest {

    private static final SSLSocketFactory TLS = (SSLSocketFactory) SSLSocketFactory.getDefault();

    /** receiver.test resolves to whatever this holds. */
    final AtomicReference<String> resolvesTo = new AtomicReference<>("127.0.0.1");
    final AddressGuard guard = new AddressGuard(true, host -> new InetAddress[] {
        InetAddress.getByName(host.equals("receiver.test") ? resolvesTo.get() : host)});
    final HttpPost http = new HttpPost(guard, TLS, 4);
    Receiver receiver = new Receiver();

    @AfterEach
    void stop() {
        http.close();
        receiver.close();
    }

    private HttpPost.Answer post(String url) throws IOException {
        return http.post(URI.create(url), List.of(Map.entry("webhook-id", "msg_1")),
                "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
    }

    @Test
    void severalDeliveriesReuseOneConnection() throws IOException {
        for (int i = 0; i < 5; i++) {
            assertThat(post(receiver.url("/hook")).status()).isEqualTo(200);
        }

        assertThat(receiver.requests()).hasSize(5);
        assertThat(receiver.connections()).isEqualTo(1);
        assertThat(receiver.requests()).allSatisfy(r -> assertThat(r.header("connection")).isNull());
    }

    @Test
    void anAnswerWithABodyIsReadToItsEndAndTheConnectionReused() throws IOException {
        AtomicInteger n = new AtomicInteger();
        receiver.answer(r -> Receiver.Answer.of(n.incrementAndGet() % 2 == 0 ? 500 : 200).body("{\"ok\":true}"));
        for (int i = 0; i < 4; i++) {
            assertThat(post(receiver.url("/hook")).status()).isEqualTo(i % 2 == 0 ? 200 : 500);
        }

        assertThat(receiver.connections()).isEqualTo(1);
    }

    @Test
    void anAnswerThatSaysConnectionCloseClosesIt() throws IOException {
        receiver.answer(r -> Receiver.Answer.of(204).with("Connection", "close"));
        for (int i = 0; i < 3; i++) {
            assertThat(post(receiver.url("/hook")).status()).isEqualTo(204);
        }

        assertThat(receiver.connections()).isEqualTo(3);
    }

    @Test
    void anAnswerNotReadToItsEndClosesIt() throws IOException {
        receiver.answer(r -> Receiver.Answer.of(200).body("x".repeat(HttpPost.MAX_BODY + 1)));
        for (int i = 0; i < 3; i++) {
            assertThat(post(receiver.url("/hook")).status()).isEqualTo(200);
        }

        assertThat(receiver.connections()).isEqualTo(3);
    }

    @Test
    void aChangedAddressGetsANewConnectionToTheAddressChecked() throws IOException {
        receiver.close();
        receiver = new Receiver("0.0.0.0");
        String url = "http://receiver.test:" + receiver.port() + "/hook";

        post(url);
        post(url);
        resolvesTo.set("127.0.0.2");
        post(url);
        resolvesTo.set("127.0.0.1");
        post(url);

        List<Receiver.Request> r = receiver.requests();
        assertThat(r).extracting(Receiver.Request::local).containsExactly("127.0.0.1", "127.0.0.1", "127.0.0.2",
                "127.0.0.1");
        assertThat(r.get(1).connection()).isEqualTo(r.get(0).connection());
        assertThat(List.of(r.get(0).connection(), r.get(2).connection(), r.get(3).connection()))
                .as("never reused across a change of address, and the old one was closed").doesNotHaveDuplicates();
    }

    @Test
    void anIdleConnectionTheServerClosedIsReplacedAndTheRequestSentOnce() throws Exception {
        try (OneRequestPerConnection server = new OneRequestPerConnection()) {
            String url = "http://127.0.0.1:" + server.port() + "/hook";

            assertThat(post(url).status()).isEqualTo(200);
            assertThat(post(url).status()).as("sent again on a new connection").isEqualTo(200);

            assertThat(server.connections).hasValue(2);
            assertThat(server.requests).hasValue(2);
        }
    }

    /**
     * A receiver that answers one request per connection and then closes it without saying so (as a
     * server whose keep-alive timeout passed does).
     */
    private static final class OneRequestPerConnection implements AutoCloseable {
        final ServerSocket socket = new ServerSocket();
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        final Thread thread;

        OneRequestPerConnection() throws IOException {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            thread = Thread.ofVirtual().start(this::serve);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    connections.incrementAndGet();
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    int length = 0;
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).strip());
                        }
                    }
                    in.skip(length);
                    requests.incrementAndGet();
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException e) {
                    // closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
