package io.cepheus.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cepheus.server.config.HttpSettings;
import io.cepheus.server.health.Readiness;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Health, metrics and errors over real HTTP, on one server for the class. */
class HttpServerTest {

    enum Kafka { READY, NOT_READY, BROKEN }

    static final AtomicReference<Kafka> kafka = new AtomicReference<>(Kafka.READY);
    static final PrometheusRegistry registry = new PrometheusRegistry();
    static final HttpClient client = HttpClient.newHttpClient();
    static HttpServer server;
    static String base;

    @BeforeAll
    static void start() {
        Readiness readiness = new Readiness();
        readiness.register("kafka", () -> switch (kafka.get()) {
            case READY -> true;
            case NOT_READY -> false;
            case BROKEN -> throw new IllegalStateException("secret internals");
        });
        server = new HttpServer(new HttpSettings("127.0.0.1", 0), readiness, registry);
        base = "http://127.0.0.1:" + server.start().getPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void liveIsOkWhileTheProcessAnswers() throws Exception {
        kafka.set(Kafka.NOT_READY);

        HttpResponse<String> r = get("/health/live");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        assertThat(r.body()).isEqualTo("{\"status\":\"live\"}");
    }

    @Test
    void readyNamesWhatIsNotReady() throws Exception {
        kafka.set(Kafka.NOT_READY);
        HttpResponse<String> notReady = get("/health/ready");
        kafka.set(Kafka.READY);
        HttpResponse<String> ready = get("/health/ready");

        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("{\"status\":\"not ready\",\"waitingFor\":[\"kafka\"]}");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");
    }

    @Test
    void metricsAreThePrometheusTextOfTheRegistry() throws Exception {
        Counter.builder().name("test_events").help("events seen by the test").register(registry).inc(3);
        get("/health/live");

        HttpResponse<String> r = get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).contains(
                "# TYPE test_events_total counter\n",
                "test_events_total 3.0\n",
                "# TYPE cepheus_http_requests_total counter\n",
                "cepheus_http_requests_total{method=\"GET\",route=\"/health/live\",status=\"200\"} ",
                "cepheus_http_request_duration_seconds_count{method=\"GET\",route=\"/health/live\"} ");
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/openmetrics-text"));
        assertThat(r.body()).endsWith("# EOF\n");
    }

    @Test
    void anUnknownPathIsAProblem() throws Exception {
        HttpResponse<String> r = get("/nothing/here");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(r.body()).isEqualTo(
                "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no resource at /nothing/here\"}");
    }

    @Test
    void aWrongMethodIsAProblem() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(r.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Method Not Allowed\",\"status\":405,"
                + "\"detail\":\"DELETE is not allowed on /health/ready\"}");
    }

    @Test
    void aFailingHandlerIsA500ThatShowsNothingOfTheInsides() throws Exception {
        kafka.set(Kafka.BROKEN);

        HttpResponse<String> r = get("/health/ready");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(r.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500,"
                + "\"detail\":\"the server failed to answer this request; its log says why\"}");
    }

    @Test
    void aTakenPortIsNamed() {
        int port = server.address().getPort();
        HttpServer second = new HttpServer(new HttpSettings("127.0.0.1", port), new Readiness(), new PrometheusRegistry());

        assertThatThrownBy(second::start)
                .isInstanceOf(HttpStartException.class)
                .hasMessage("the HTTP server cannot listen on 127.0.0.1:" + port + ": Address already in use"
                        + " (set http.port / CEPHEUS_HTTP_PORT to a free port, or 0 for any)");
        second.close();
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
