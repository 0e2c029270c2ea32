package io.cepheus.server.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The expected output of a test case ({@code expected.jsonl}): one JSON object per line, blank
 * lines and {@code #} comments ignored. An object is an expected alert (it has {@code rule}, {@code
 * key} and {@code kind}; other members, when given, must equal the alert's), an expected late event
 * {@code {"late": 12}}, or an expected rejected line {@code {"rejected": 7, "reason": "..."}} (the
 * reason is compared when given). Events are named as in alerts: a line number, or {@code
 * "name:line"} with several inputs.
 *
 * @param alerts expected alerts
 * @param late expected late events
 * @param rejected expected rejected lines
 * @param problems lines of the file that are none of these (each makes the case fail)
 */
record Expected(List<Entry> alerts, List<Entry> late, List<Entry> rejected, List<String> problems) {

    /**
     * One line of the file.
     *
     * @param line its 1-based line number
     * @param json the object
     * @param ref for a late or rejected entry, the event as text
     */
    record Entry(int line, ObjectNode json, String ref) {}

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static Expected read(Path file) throws IOException {
        List<Entry> alerts = new ArrayList<>();
        List<Entry> late = new ArrayList<>();
        List<Entry> rejected = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String name = file.getFileName().toString();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            int lineNo = i + 1;
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                problems.add(name + ":" + lineNo + ": not valid JSON: " + e.getOriginalMessage());
                continue;
            }
            if (!(node instanceof ObjectNode o)) {
                problems.add(name + ":" + lineNo + ": expected a JSON object");
            } else if (o.has("late")) {
                late.add(new Entry(lineNo, o, ref(o.get("late"))));
            } else if (o.has("rejected")) {
                rejected.add(new Entry(lineNo, o, ref(o.get("rejected"))));
            } else if (o.hasNonNull("rule") && o.hasNonNull("key") && o.hasNonNull("kind")) {
                alerts.add(new Entry(lineNo, o, null));
            } else {
                problems.add(name + ":" + lineNo + ": an expected alert needs \"rule\", \"key\" and \"kind\""
                        + " (or write {\"late\": LINE} or {\"rejected\": LINE})");
            }
        }
        return new Expected(alerts, late, rejected, problems);
    }

    /** An event reference as text: {@code 12} or {@code "events.jsonl:12"} both read as written. */
    static String ref(JsonNode node) {
        return node.isTextual() ? node.textValue() : node.toString();
    }
}
