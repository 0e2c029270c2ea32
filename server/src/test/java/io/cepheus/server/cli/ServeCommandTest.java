package io.cepheus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void anInvalidOptionInTheConfigFileIsAUsageErrorThatNamesIt() throws IOException {
        Path config = Files.writeString(dir.resolve("cepheus.properties"), "http.port=eighty\n");

        Cli result = Cli.run("serve", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("serve: invalid http.port in " + config
                + ": 'eighty' is not a port number (0 to 65535; 0 picks a free port)\n"
                + "Try 'cepheus serve --help' for more information.\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aMissingRulesDirectoryIsAUsageError() {
        Cli result = Cli.run("serve", "--rules", dir.resolve("nope").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("serve: invalid --rules: '" + dir.resolve("nope") + "' does not exist\n");
    }

    @Test
    void helpListsEveryOptionWithItsVariableAndDefault() {
        Cli result = Cli.run("serve", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--config=FILE", "--rules=DIR", "      --demo ",
                "  demo.rate" + " ".repeat(20) + "CEPHEUS_DEMO_RATE\n      default 20. Events per second",
                "  http.port" + " ".repeat(20) + "CEPHEUS_HTTP_PORT\n      default 8080. Port of ",
                "  kafka.bootstrap" + " ".repeat(14) + "CEPHEUS_KAFKA_BOOTSTRAP\n      unset by default. Kafka",
                "  max.partial.matches.per.rule CEPHEUS_MAX_PARTIAL_MATCHES_PER_RULE\n      default 1000000. Partial");
    }

    @Test
    void aTakenHttpPortEndsStartUpWithExitCode1() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Path config = Files.writeString(dir.resolve("cepheus.properties"), String.join("\n",
                    "http.host=127.0.0.1", "http.port=" + taken.getLocalPort(), "kafka.port=0", "data.dir=" + dir));

            Cli result = Cli.run("serve", "--config", config.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("cepheus serve: cannot start: the HTTP server cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + ": Address already in use"
                    + " (set http.port / CEPHEUS_HTTP_PORT to a free port, or 0 for any)\n");
            assertThat(dir.resolve("kafka")).doesNotExist();
        }
    }

    /** The real main in a child JVM: starts on free ports, is ready, and stops cleanly on SIGTERM with exit code 0. */
    @Test
    void servesUntilSigtermThenStopsWithExitCode0() throws Exception {
        Path rules = Files.createDirectory(dir.resolve("rules"));
        Files.copy(Path.of(System.getProperty("cepheus.examples", "../rules-examples"), "unpaid-order", "rules.cep"),
                rules.resolve("orders.cep"));
        Path config = Files.writeString(dir.resolve("cepheus.properties"), String.join("\n",
                "http.host=127.0.0.1", "http.port=0", "kafka.port=0", "data.dir=" + dir.resolve("data")));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"),
                Cepheus.class.getName(), "serve", "--config", config.toString(), "--rules", rules.toString()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CEPHEUS_"));
        Process serve = builder.start();
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.readString(out).contains("stops it.") || !serve.isAlive());
            String started = Files.readString(out);
            assertThat(started).as(Files.readString(err)).contains(
                    "  data:   " + dir.resolve("data") + "\n",
                    "  topics: cepheus-alerts (created), cepheus-dlq (created), cepheus-control (compacted, created),"
                            + " cepheus-audit (compacted, created), cepheus-alerts-status (compacted, created),"
                            + " cepheus-alerts-deliveries (compacted, created), orders (created)\n",
                    "  rules:  1 rule deployed (1 file in " + rules + " applied to the control topic), running:\n",
                    "    orders (topic orders, 1 partition): unpaid_order\n",
                    "SIGTERM or Ctrl-C stops it.\n");

            Matcher http = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+) ").matcher(started);
            assertThat(http.find()).isTrue();
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.group(1) + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);

            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(serve.exitValue()).as(Files.readString(err)).isZero();
            assertThat(Files.readString(out)).endsWith("cepheus serve: stopped\n");
            assertThat(Files.readString(err)).doesNotContain("ERROR", "Exception");
            assertThat(dir.resolve("data/kafka/meta.properties")).exists();
        } finally {
            serve.destroyForcibly();
        }
    }
}
