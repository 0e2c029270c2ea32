package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cepheus.server.cli.Cepheus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test harness: {@code cepheus serve} in a child JVM (the real main, the test class path), with its
 * configuration in {@code CEPHEUS_*} variables, its output in {@code NAME-N.out} / {@code .err} under
 * a directory — so that it can be killed with {@code kill -9} ({@link #kill}) and started again over
 * the same data directory.
 */
final class ServeProcess implements AutoCloseable {

    static final Duration START_DEADLINE = Duration.ofSeconds(120);
    private static final Pattern HTTP = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+) ");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final Process process;
    private final Path out;
    private final Path err;
    private final long started = System.nanoTime();
    private int httpPort = -1;

    private ServeProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts {@code serve} with {@code env} as its only {@code CEPHEUS_*} variables; its output goes to
     * {@code logs/NAME-N.out} and {@code .err}, N counting the starts of that name.
     */
    static ServeProcess start(Path logs, String name, Map<String, String> env) {
        try {
            Files.createDirectories(logs);
            int n = 1;
            while (Files.exists(logs.resolve(name + "-" + n + ".out"))) {
                n++;
            }
            Path out = logs.resolve(name + "-" + n + ".out");
            Path err = logs.resolve(name + "-" + n + ".err");
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx512m", "-XX:+UseSerialGC", "--sun-misc-unsafe-memory-access=allow",
                    "-cp", System.getProperty("java.class.path"),
                    Cepheus.class.getName(), "serve"))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("CEPHEUS_"));
            builder.environment().putAll(env);
            return new ServeProcess(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the node is started (Kafka Streams running), and returns how long since its start. */
    Duration awaitStarted() {
        await().atMost(START_DEADLINE).pollInterval(Duration.ofMillis(20))
                .until(() -> output().contains("stops it.") || !process.isAlive());
        assertThat(process.isAlive()).as("serve exited while starting: %s%n%s", output(), errors()).isTrue();
        Matcher m = HTTP.matcher(output());
        assertThat(m.find()).as(output()).isTrue();
        httpPort = Integer.parseInt(m.group(1));
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** {@code kill -9}: no shutdown hook, no last commit. */
    void kill() {
        process.destroyForcibly();
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, and waits for the clean stop (exit code 0). */
    void stop() {
        process.destroy();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(process.exitValue()).as(errors()).isZero();
    }

    /** The node's HTTP port, once {@link #awaitStarted} returned. */
    int httpPort() {
        return httpPort;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The value of a sample of {@code /metrics}, e.g. {@code cepheus_records_in_total{stream="payments"}}; 0 if absent. */
    double metric(String sample) {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            return r.body().lines().filter(l -> l.startsWith(sample + " ")).findFirst()
                    .map(l -> Double.parseDouble(l.substring(sample.length() + 1).strip())).orElse(0.0);
        } catch (IOException e) {
            return 0.0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String output() {
        return read(out);
    }

    String errors() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
