package io.cepheus.server.dataplane;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partial matches held now per rule over every node of the data plane. A node knows only its
 * own tasks' (the {@code cepheus_partial_matches} gauge, as of each task's last punctuation); the
 * others publish theirs in the same gauge of their {@code /metrics}, so this node asks every other
 * node that Kafka Streams' metadata names (each node's {@code application.server} is its HTTP
 * address), in parallel, and adds up. A node that does not answer within {@link #TIMEOUT} is left out
 * of the sum and named in the result.
 *
 * <p>Thread-safe.
 */
public final class ClusterPartialMatches {

    static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(ClusterPartialMatches.class);
    /** One sample of the gauge, e.g. {@code cepheus_partial_matches{rule="card_testing"} 12.0}. */
    private static final Pattern SAMPLE = Pattern.compile(
            "^cepheus_partial_matches\\{rule=\"((?:[^\"\\\\]|\\\\.)*)\"} (\\S+)$", Pattern.MULTILINE);

    /**
     * The sum.
     *
     * @param byRule partial matches per rule (a shadow as {@code NAME~shadow}), over the nodes that answered
     * @param nodes how many nodes were counted, this one included
     * @param unanswered the nodes ({@code host:port}) that did not answer, left out of the sum
     */
    public record Counts(Map<String, Long> byRule, int nodes, List<String> unanswered) {
        public Counts {
            byRule = Map.copyOf(byRule);
            unanswered = List.copyOf(unanswered);
        }
    }

    private final Supplier<Map<String, Long>> here;
    private final Supplier<List<PartialMatchQuery.Owner>> others;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * @param here this node's partial matches per rule
     * @param others the other nodes of the data plane now
     */
    ClusterPartialMatches(Supplier<Map<String, Long>> here, Supplier<List<PartialMatchQuery.Owner>> others) {
        this.here = here;
        this.others = others;
    }

    /** This node's counts and every other node's that answers within {@link #TIMEOUT}. */
    public Counts count() {
        List<PartialMatchQuery.Owner> nodes = others.get();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (PartialMatchQuery.Owner node : nodes) {
            answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://" + node + "/metrics"))
                    .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
        Map<String, Long> sum = new TreeMap<>(here.get());
        List<String> unanswered = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            try {
                HttpResponse<String> r = answers.get(i).join();
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + r.statusCode());
                }
                parse(r.body()).forEach((rule, n) -> sum.merge(rule, n, Long::sum));
            } catch (RuntimeException e) {
                unanswered.add(nodes.get(i).toString());
                log.warn("node {} did not say its partial matches (left out of the sum): {}", nodes.get(i), e.toString());
            }
        }
        return new Counts(sum, nodes.size() + 1 - unanswered.size(), unanswered);
    }

    /** The gauge's samples in a {@code /metrics} page, per rule. */
    static Map<String, Long> parse(String metrics) {
        Map<String, Long> byRule = new TreeMap<>();
        Matcher m = SAMPLE.matcher(metrics);
        while (m.find()) {
            String rule = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
            byRule.merge(rule, Math.round(Double.parseDouble(m.group(2))), Long::sum);
        }
        return byRule;
    }
}
