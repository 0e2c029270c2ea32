package io.cepheus.server.backtest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cepheus.server.runtime.JsonValues;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of alerts, one object per line:
 *
 * <pre>
 * {"rule":"card_testing","version":1,"key":"c1","kind":"match","first":"2026-03-01T10:00:00Z",
 *  "last":"2026-03-01T10:04:00Z","emitted":"2026-03-01T10:04:00Z","steps":{"probe":[1,2,3],"big":[4]},
 *  "title":"Card testing: small probes, then a large purchase","summary":"...",
 *  "fields":{"probes":3,"total":512.5},"severity":"high","tags":["fraud","cards"],"id":"6f1c...e2"}
 * </pre>
 *
 * An aggregate rule's alert has kind {@code aggregate} and, instead of first/last/steps:
 *
 * <pre>
 * {"rule":"card_velocity","version":1,"key":"c1","kind":"aggregate","window":{"start":"...","end":"..."},
 *  "fired":"...","emitted":"...","trigger":14,"events":5,"values":{"payments":5,"total":1250.00},"summary":"...",
 *  "fields":{},"tags":[],"id":"..."}
 * </pre>
 *
 * {@code title} and {@code severity} are left out when the rule (or, for the severity, its alert
 * block) gives none; {@code tags} is always there. The server's alert records ({@code
 * dataplane.AlertRecords}) have the same members in the same order, with events in place of line
 * numbers, and no {@code emitted}.
 *
 * Times are ISO-8601 UTC; a {@code timeout} also has {@code fired}, the end of its window; every alert
 * has {@code emitted}, when the engine produced it in event time (the event being matched, or the
 * watermark that timed it out, released it or closed its window), null when it came out only
 * because the input ended (time then runs to its end). Steps
 * name events by line number, or {@code "name:line"} with several inputs. The {@code id} is the
 * one the server gives the same alert: it is derived from the events' id fields (else their
 * contents), not their lines. Field values are JSON
 * numbers, strings, booleans or null; timestamps are ISO-8601 text, durations ISO-8601 ({@code
 * PT5M}). Stateless.
 *
 * <p>{@link #line} writes with Jackson's streaming generator straight from the alert (no tree, no
 * data binding), member for member what {@link #node} holds: the tree is for callers that compare
 * or embed alerts, the line for {@code backtest}, which writes one per alert.
 */
public final class AlertJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final JsonFactory STREAMING = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private AlertJson() {}

    /** The alert as one line of JSON. */
    public static String line(Alert alert, boolean severalInputs) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator g = STREAMING.createGenerator(text)) {
            write(g, alert, severalInputs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an alert as JSON", e);
        }
        return text.toString();
    }

    /** The members of {@link #node}, in its order, written as they come. */
    private static void write(JsonGenerator g, Alert alert, boolean severalInputs) throws IOException {
        g.writeStartObject();
        g.writeStringField("rule", alert.rule());
        g.writeNumberField("version", alert.version());
        g.writeStringField("key", alert.key());
        g.writeStringField("kind", alert.kind());
        if (alert.aggregate() != null) {
            Alert.Aggregate a = alert.aggregate();
            g.writeObjectFieldStart("window");
            g.writeStringField("start", time(a.windowStart()));
            g.writeStringField("end", time(a.windowEnd()));
            g.writeEndObject();
            g.writeStringField("fired", time(alert.fired()));
            writeEmitted(g, alert);
            g.writeFieldName("trigger");
            writeRef(g, a.trigger(), severalInputs);
            g.writeNumberField("events", a.events());
            writeValues(g, "values", a.values());
        } else {
            g.writeStringField("first", time(alert.first()));
            g.writeStringField("last", time(alert.last()));
            if (Alert.TIMEOUT.equals(alert.kind())) {
                g.writeStringField("fired", time(alert.fired()));
            }
            writeEmitted(g, alert);
            g.writeObjectFieldStart("steps");
            for (Map.Entry<String, List<EventRef>> e : alert.steps().entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                for (EventRef ref : e.getValue()) {
                    writeRef(g, ref, severalInputs);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        if (alert.title() != null) {
            g.writeStringField("title", alert.title());
        }
        if (alert.summary() != null) {
            g.writeStringField("summary", alert.summary());
        }
        writeValues(g, "fields", alert.fields());
        if (alert.severity() != null) {
            g.writeStringField("severity", alert.severity());
        }
        g.writeArrayFieldStart("tags");
        for (String tag : alert.tags()) {
            g.writeString(tag);
        }
        g.writeEndArray();
        if (alert.id() != null) {
            g.writeStringField("id", alert.id());
        }
        g.writeEndObject();
    }

    private static void writeEmitted(JsonGenerator g, Alert alert) throws IOException {
        if (alert.emitted() == Alert.END_OF_INPUT) {
            g.writeNullField("emitted");
        } else {
            g.writeStringField("emitted", time(alert.emitted()));
        }
    }

    private static void writeRef(JsonGenerator g, EventRef ref, boolean severalInputs) throws IOException {
        if (severalInputs) {
            g.writeString(ref.render(true));
        } else {
            g.writeNumber(ref.line());
        }
    }

    private static void writeValues(JsonGenerator g, String member, Map<String, Object> values) throws IOException {
        g.writeObjectFieldStart(member);
        for (Map.Entry<String, Object> e : values.entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }

    /** A field value as {@link JsonValues#of} has it. */
    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Boolean b -> g.writeBoolean(b);
            case Long l -> g.writeNumber(l);
            case Integer i -> g.writeNumber(i);
            case Double d -> {
                if (d.isNaN() || d.isInfinite()) {
                    g.writeString(d.toString());
                } else {
                    g.writeNumber(d);
                }
            }
            case BigDecimal d -> g.writeNumber(d);
            case Instant i -> g.writeString(i.toString());
            case Duration d -> g.writeString(d.toString());
            default -> g.writeString(v.toString());
        }
    }

    /** The alert as a JSON tree, members in the documented order. */
    public static ObjectNode node(Alert alert, boolean severalInputs) {
        ObjectNode o = NODES.objectNode();
        o.put("rule", alert.rule());
        o.put("version", alert.version());
        o.put("key", alert.key());
        o.put("kind", alert.kind());
        if (alert.aggregate() != null) {
            Alert.Aggregate a = alert.aggregate();
            ObjectNode window = o.putObject("window");
            window.put("start", time(a.windowStart()));
            window.put("end", time(a.windowEnd()));
            o.put("fired", time(alert.fired()));
            emitted(alert, o);
            o.set("trigger", ref(a.trigger(), severalInputs));
            o.put("events", a.events());
            ObjectNode values = o.putObject("values");
            a.values().forEach((name, value) -> values.set(name, value(value)));
            summaryAndFields(alert, o);
            return o;
        }
        o.put("first", time(alert.first()));
        o.put("last", time(alert.last()));
        if (Alert.TIMEOUT.equals(alert.kind())) {
            o.put("fired", time(alert.fired()));
        }
        emitted(alert, o);
        ObjectNode steps = o.putObject("steps");
        for (Map.Entry<String, List<EventRef>> e : alert.steps().entrySet()) {
            ArrayNode refs = steps.putArray(e.getKey());
            for (EventRef ref : e.getValue()) {
                refs.add(ref(ref, severalInputs));
            }
        }
        summaryAndFields(alert, o);
        return o;
    }

    private static void emitted(Alert alert, ObjectNode o) {
        if (alert.emitted() == Alert.END_OF_INPUT) {
            o.putNull("emitted");
        } else {
            o.put("emitted", time(alert.emitted()));
        }
    }

    private static void summaryAndFields(Alert alert, ObjectNode o) {
        JsonValues.describe(o, alert.title(), alert.summary(), alert.fields(), alert.severity(), alert.tags());
        if (alert.id() != null) {
            o.put("id", alert.id());
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode ref(EventRef ref, boolean severalInputs) {
        return severalInputs ? NODES.textNode(ref.render(true)) : NODES.numberNode(ref.line());
    }

    /** An epoch-millis time as ISO-8601 UTC text. */
    public static String time(long epochMillis) {
        return JsonValues.time(epochMillis);
    }

    private static JsonNode value(Object v) {
        return JsonValues.of(v);
    }
}
