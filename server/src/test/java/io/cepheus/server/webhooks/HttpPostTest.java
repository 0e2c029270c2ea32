package io.cepheus.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One webhook request against a real receiver: the checked address, no redirects, the timeout, a capped answer. */
class HttpPostTest {

    final Receiver receiver = new Receiver();
    final AtomicInteger lookups = new AtomicInteger();
    /** receiver.test resolves to the receiver (and nothing else resolves); every lookup counted. */
    final AddressGuard guard = new AddressGuard(true, host -> {
        lookups.incrementAndGet();
        return new InetAddress[] {InetAddress.getByName(host.equals("receiver.test") ? "127.0.0.1" : host)};
    });
    final HttpPost http = new HttpPost(guard, (SSLSocketFactory) SSLSocketFactory.getDefault(), 4);

    @AfterEach
    void stop() {
        receiver.close();
    }

    private HttpPost.Answer post(String url) throws Exception {
        return http.post(URI.create(url), List.of(Map.entry("webhook-id", "msg_1")),
                "{}".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(500));
    }

    @Test
    void itConnectsToTheCheckedAddressAndNamesTheHostItWasGiven() throws Exception {
        HttpPost.Answer a = post("http://receiver.test:" + receiver.port() + "/hooks?x=1");

        assertThat(a.status()).isEqualTo(200);
        assertThat(lookups).as("resolved once, by the guard").hasValue(1);
        Receiver.Request r = receiver.requests().getFirst();
        assertThat(r.header("host")).isEqualTo("receiver.test:" + receiver.port());
        assertThat(r.path()).isEqualTo("/hooks?x=1");
        assertThat(r.header("webhook-id")).isEqualTo("msg_1");
        assertThat(r.text()).isEqualTo("{}");
    }

    @Test
    void aRedirectIsAnAnswerNotFollowed() throws Exception {
        receiver.answer(r -> Receiver.Answer.of(302).with("Location", "http://169.254.169.254/latest"));

        HttpPost.Answer a = post(receiver.url("/"));

        assertThat(a.status()).isEqualTo(302);
        assertThat(a.headers()).containsEntry("location", "http://169.254.169.254/latest");
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void anAnswerThatDoesNotComeInTimeIsATimeout() {
        receiver.answer(r -> Receiver.Answer.of(200).after(Duration.ofSeconds(2)));

        assertThatThrownBy(() -> post(receiver.url("/"))).isInstanceOf(SocketTimeoutException.class)
                .hasMessage("no answer within 500 ms");
    }

    @Test
    void anErrorsBodyIsReadCappedAndCleaned() throws Exception {
        receiver.answer(r -> Receiver.Answer.of(500).body("line one\r\nline\ttwo\u0007 " + "x".repeat(10_000)));

        HttpPost.Answer a = post(receiver.url("/"));

        assertThat(a.status()).isEqualTo(500);
        assertThat(a.excerpt()).startsWith("line one line two x").hasSize(HttpPost.EXCERPT + 1).endsWith("…");
    }

    @Test
    void anAddressTheGuardRefusesIsNeverConnectedTo() {
        HttpPost strict = new HttpPost(new AddressGuard(false, host -> new InetAddress[] {
            InetAddress.getByName("127.0.0.1")}), (SSLSocketFactory) SSLSocketFactory.getDefault(), 4);

        assertThatThrownBy(() -> strict.post(URI.create("http://rebind.test:" + receiver.port() + "/"), List.of(),
                new byte[0], Duration.ofSeconds(1))).isInstanceOf(AddressGuard.Refused.class)
                .hasMessage("rebind.test resolves to 127.0.0.1, which is a loopback address (webhook.allow.loopback=true"
                        + " allows it): webhooks go to public addresses only");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void chunkedDataIsUnchunked() {
        assertThat(HttpPost.unchunk("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")).isEqualTo("hello world");
    }
}
