package io.cepheus.server.node;

import io.cepheus.server.kafka.TopicStatus;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a node started, for the few lines {@code cepheus serve} prints.
 *
 * @param http where HTTP listens
 * @param bootstrap the Kafka bootstrap servers
 * @param embeddedLog the embedded broker's log directory and whether it was formatted now; empty
 *     when the node uses an external cluster
 * @param dataDir the data directory
 * @param topics the server's topics
 * @param rulesDir the rules directory, if one was given
 * @param ruleFiles the {@code *.cep} files found in it
 * @param took from the start of {@link ServerNode#start()} until ready
 */
public record StartupReport(
        InetSocketAddress http,
        String bootstrap,
        Optional<EmbeddedLog> embeddedLog,
        Path dataDir,
        List<TopicStatus> topics,
        Optional<Path> rulesDir,
        int ruleFiles,
        Duration took) {

    /** The embedded broker's log directory, and true if it was formatted at this start. */
    public record EmbeddedLog(Path dir, boolean formattedNow) {}

    public StartupReport {
        topics = List.copyOf(topics);
    }

    /** The lines, without line ends. */
    public List<String> lines() {
        return List.of(
                String.format("cepheus serve: started in %.1f s", took.toMillis() / 1000.0),
                "  http:   http://" + http.getHostString() + ":" + http.getPort()
                        + " (/health/live, /health/ready, /metrics)",
                "  kafka:  " + bootstrap + embeddedLog.map(l -> " (embedded broker, log in " + l.dir()
                        + (l.formattedNow() ? ", new" : ", reused") + ")").orElse(" (external cluster)"),
                "  data:   " + dataDir,
                "  topics: " + topics.stream().map(TopicStatus::describe).collect(Collectors.joining(", ")),
                "  rules:  " + rulesLine());
    }

    private String rulesLine() {
        return rulesDir.map(d -> ruleFiles + (ruleFiles == 1 ? " file" : " files") + " in " + d
                        + " (not yet run: the data plane is not built)")
                .orElse("none given (serve --rules DIR or CEPHEUS_RULES;"
                        + " none would run yet: the data plane is not built)");
    }
}
