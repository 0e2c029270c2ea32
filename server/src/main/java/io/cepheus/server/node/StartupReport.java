package io.cepheus.server.node;

import io.cepheus.server.control.RuleDirectory;
import io.cepheus.server.dataplane.DataPlane;
import io.cepheus.server.demo.Demo;
import io.cepheus.server.kafka.TopicStatus;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param applied what applying the rules directory to the control topic did, per stream and rule
 * @param problems deployed definitions that do not run, and why
 * @param rules what the data plane runs; empty when it runs nothing
 * @param took from the start of {@link ServerNode#start()} until ready
 * @param adminToken the first admin token, when it was generated at this start (shown once)
 * @param demo demo mode, when it is on: what applying the demo's examples did, and the generator's rate
 * @param webhookKey the key file that encrypts webhook signing secrets, when it was generated at this start
 */
public record StartupReport(
        InetSocketAddress http,
        String bootstrap,
        Optional<EmbeddedLog> embeddedLog,
        Path dataDir,
        List<TopicStatus> topics,
        Optional<Path> rulesDir,
        int ruleFiles,
        List<RuleDirectory.Change> applied,
        Map<String, String> problems,
        Optional<Rules> rules,
        Duration took,
        Optional<String> adminToken,
        Optional<DemoMode> demo,
        Optional<Path> webhookKey) {

    /**
     * Demo mode.
     *
     * @param applied what applying the demo's examples to the control topic did, per stream and rule
     * @param rate the generator's benign events per second
     */
    public record DemoMode(List<RuleDirectory.Change> applied, int rate) {
        public DemoMode {
            applied = List.copyOf(applied);
        }
    }

    /** A report without demo mode and with no webhook key generated. */
    public StartupReport(InetSocketAddress http, String bootstrap, Optional<EmbeddedLog> embeddedLog, Path dataDir,
                         List<TopicStatus> topics, Optional<Path> rulesDir, int ruleFiles,
                         List<RuleDirectory.Change> applied, Map<String, String> problems, Optional<Rules> rules,
                         Duration took, Optional<String> adminToken) {
        this(http, bootstrap, embeddedLog, dataDir, topics, rulesDir, ruleFiles, applied, problems, rules, took,
                adminToken, Optional.empty(), Optional.empty());
    }

    /**
     * The rules the data plane runs.
     *
     * @param count how many rules
     * @param byStream per stream: its topic and partitions, and the rules that read it
     */
    public record Rules(int count, Map<String, StreamRules> byStream) {
        public Rules {
            byStream = Collections.unmodifiableMap(new LinkedHashMap<>(byStream));
        }

        /** What {@code plane} runs, once started. */
        public static Rules of(DataPlane plane) {
            Map<String, StreamRules> byStream = new LinkedHashMap<>();
            plane.rulesByStream().forEach((stream, rules) -> byStream.put(stream, new StreamRules(
                    plane.topics().get(stream), plane.partitionsByStream().getOrDefault(stream, 0), rules)));
            return new Rules(plane.ruleNames().size(), byStream);
        }
    }

    /** One stream: its topic, the topic's partitions and the rules that read it. */
    public record StreamRules(String topic, int partitions, List<String> rules) {
        public StreamRules {
            rules = List.copyOf(rules);
        }
    }

    /** The embedded broker's log directory, and true if it was formatted at this start. */
    public record EmbeddedLog(Path dir, boolean formattedNow) {}

    public StartupReport {
        topics = List.copyOf(topics);
        applied = List.copyOf(applied);
        problems = Collections.unmodifiableMap(new LinkedHashMap<>(problems));
    }

    /** The lines, without line ends. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>(List.of(
                String.format("cepheus serve: started in %.1f s", took.toMillis() / 1000.0),
                "  http:   http://" + http.getHostString() + ":" + http.getPort()
                        + " (/api/v1, /api/openapi.json, /health/live, /health/ready, /metrics)",
                "  kafka:  " + bootstrap + embeddedLog.map(l -> " (embedded broker, log in " + l.dir()
                        + (l.formattedNow() ? ", new" : ", reused") + ")").orElse(" (external cluster)"),
                "  data:   " + dataDir,
                "  topics: " + topics.stream().map(TopicStatus::describe).collect(Collectors.joining(", ")),
                "  rules:  " + rulesLine()));
        adminToken.ifPresent(t -> lines.add(2, "  admin token (generated now and shown only this once; keep it): " + t));
        applied.stream().filter(c -> c.action() != RuleDirectory.Action.UNCHANGED)
                .forEach(c -> lines.add("    " + c.describe()));
        problems.forEach((what, why) -> lines.add("    " + what + " does not run: " + why));
        rules.ifPresent(r -> r.byStream().forEach((stream, s) -> lines.add("    " + stream + " (topic " + s.topic() + ", "
                + s.partitions() + (s.partitions() == 1 ? " partition): " : " partitions): ")
                + String.join(", ", s.rules()))));
        demo.ifPresent(d -> lines.addAll(demoLines(d)));
        webhookKey.ifPresent(k -> lines.add("  webhooks: signing secrets are encrypted with a key generated now in " + k
                + "; every node needs the same key (copy the file, or set CEPHEUS_WEBHOOK_SECRET_KEY)"));
        return List.copyOf(lines);
    }

    /** What demo mode deployed and generates, and where the console is. */
    private List<String> demoLines(DemoMode d) {
        List<String> lines = new ArrayList<>();
        long changed = d.applied().stream().filter(c -> c.action() != RuleDirectory.Action.UNCHANGED).count();
        lines.add("  demo:   on: the examples " + String.join(", ", Demo.EXAMPLES)
                + " of rules-examples (origin demo; " + (changed == 0 ? "deployed already)" : "applied to the control topic):"));
        d.applied().stream().filter(c -> c.action() != RuleDirectory.Action.UNCHANGED)
                .forEach(c -> lines.add("    " + c.describe()));
        lines.add("    generator: " + d.rate() + " events/s (payments, account events, logins) and "
                + Demo.DEVICES + " devices' heartbeats, timestamped now; planted among them:"
                + " card testing, account takeovers, a device that goes silent, impossible travel");
        lines.add("  console: " + consoleUrl() + " (sign in with "
                + (adminToken.isPresent() ? "the admin token above" : "the admin token printed at the first start, or"
                        + " CEPHEUS_ADMIN_TOKEN") + "); the first alerts come within a minute");
        return lines;
    }

    /** The web console's address on this machine: {@code http://localhost:PORT/} unless HTTP binds one address. */
    public String consoleUrl() {
        String host = http.getHostString();
        boolean local = http.getAddress() != null
                ? http.getAddress().isAnyLocalAddress() || http.getAddress().isLoopbackAddress()
                : List.of("0.0.0.0", "::", "[::]", "localhost", "::1", "[::1]").contains(host) || host.startsWith("127.");
        return "http://" + (local ? "localhost" : host) + ":" + http.getPort() + "/";
    }

    private String rulesLine() {
        String files = ruleFiles + (ruleFiles == 1 ? " file" : " files");
        String source = rulesDir.map(d -> files + " in " + d + " applied to the control topic").orElse("the control topic");
        return rules.map(r -> r.count() + (r.count() == 1 ? " rule" : " rules") + " deployed (" + source + "), running:")
                .orElse("none deployed (" + source + "): nothing runs"
                        + (rulesDir.isEmpty() ? "; give rules with serve --rules DIR or CEPHEUS_RULES" : ""));
    }
}
