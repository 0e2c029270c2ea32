package io.cepheus.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.server.api.Api;
import io.cepheus.server.config.ApiSettings;
import io.cepheus.server.config.HttpSettings;
import io.cepheus.server.health.Readiness;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP server (Undertow): health, metrics, the REST API and the web console. Requests pass {@link
 * RequestMetrics}, then {@link ErrorBoundary} (worker thread, errors as problem+json), {@link Cors},
 * then the one routing table ({@link Routes}), whose API routes pass the auth filter ({@link Guard}).
 * The API answers 503 until {@link #serve} gives it its services.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #close()}. Thread-safe.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final HttpSettings settings;
    private final Undertow undertow;
    private final ApiAccess api = new ApiAccess();
    private InetSocketAddress address;

    /** A server with the REST API's default settings. */
    public HttpServer(HttpSettings settings, Readiness readiness, PrometheusRegistry registry) {
        this(settings, ApiSettings.defaults(), readiness, registry);
    }

    /**
     * @param settings where to listen
     * @param apiSettings the API's request limit and CORS origins
     * @param readiness what {@code /health/ready} reports
     * @param registry what {@code /metrics} serves; the server adds its request metrics to it
     */
    public HttpServer(HttpSettings settings, ApiSettings apiSettings, Readiness readiness, PrometheusRegistry registry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        ObjectMapper json = new ObjectMapper();
        ProblemMapper problems = new ProblemMapper(json);
        Exchanges io = new Exchanges(json, apiSettings.maxRequestBytes());
        Forwarder forwarder = new Forwarder();
        var routes = Routes.table(new HealthHandlers(readiness, json), new MetricsHandler(registry),
                Routes.api(new RuleHandlers(api, io), new StreamHandlers(api, io),
                        new AlertHandlers(api, io, apiSettings.alertHeartbeat()), new AdminHandlers(api, io),
                        new LiveHandlers(api, io, forwarder), new BacktestHandlers(api, io, forwarder),
                        new WebhookHandlers(api, io), new OpenApiHandler()), new Guard(api),
                new ConsoleHandler(), problems);
        this.undertow = Undertow.builder()
                .addHttpListener(settings.port(), settings.host())
                .setHandler(new RequestMetrics(new ErrorBoundary(new Cors(apiSettings.corsOrigins(), routes), problems),
                        registry))
                .build();
    }

    /** Makes the REST API answer with {@code services} (before this, it answers 503). */
    public void serve(Api services) {
        api.set(Objects.requireNonNull(services, "services"));
    }

    /**
     * Binds the port and starts answering.
     *
     * @return the configured host, unresolved, with the port it listens on (the real one when 0 was asked for)
     * @throws HttpStartException if the address cannot be bound; the message names host and port
     */
    public synchronized InetSocketAddress start() {
        if (address != null) {
            throw new IllegalStateException("the HTTP server was started before");
        }
        try {
            undertow.start();
        } catch (RuntimeException e) {
            undertow.stop();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new HttpStartException("the HTTP server cannot listen on " + settings.host() + ":" + settings.port()
                    + ": " + cause.getMessage()
                    + " (set http.port / CEPHEUS_HTTP_PORT to a free port, or 0 for any)", e);
        }
        int port = ((InetSocketAddress) undertow.getListenerInfo().getFirst().getAddress()).getPort();
        // as configured (0.0.0.0 would read back as the IPv6 wildcard), with the port really bound
        address = InetSocketAddress.createUnresolved(settings.host(), port);
        LOG.debug("HTTP on {}:{}", settings.host(), port);
        return address;
    }

    /**
     * @return the address it listens on
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized InetSocketAddress address() {
        if (address == null) {
            throw new IllegalStateException("the HTTP server has not started");
        }
        return address;
    }

    /** Stops answering and closes the port. Idempotent. */
    @Override
    public synchronized void close() {
        undertow.stop();
    }
}
