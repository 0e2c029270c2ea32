package io.cepheus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cepheus.server.alerts.AlertIndex;
import io.cepheus.server.alerts.AlertStatus;
import io.cepheus.server.alerts.IndexedAlert;
import java.io.IOException;
import java.util.List;

/**
 * The JSON the API shows of an alert: a summary in lists and the live feed, the whole alert (its
 * matched events per step) when it is read by id; both with its position and lifecycle. Stateless.
 */
final class AlertViews {

    /** The members of the alert record a summary keeps. */
    private static final List<String> SUMMARY = List.of("rule", "version", "key", "kind", "title", "summary",
            "severity", "tags");

    private final ObjectMapper json;

    AlertViews(ObjectMapper json) {
        this.json = json;
    }

    /**
     * {@code id, position, time}, the record's rule, version, key, kind, title, summary, severity, tags, and
     * {@code shadow, status, disposition}.
     */
    ObjectNode summary(AlertIndex.Found f) {
        JsonNode alert = read(f.alert());
        ObjectNode o = json.createObjectNode();
        o.put("id", f.alert().id());
        o.put("position", f.alert().position());
        o.put("time", f.alert().time().toString());
        for (String m : SUMMARY) {
            if (alert.has(m)) {
                o.set(m, alert.get(m));
            }
        }
        o.put("shadow", f.alert().shadow());
        o.put("status", f.status().status().label());
        o.put("disposition", label(f.status().disposition()));
        return o;
    }

    /** The alert record as the data plane wrote it, with {@code position, time} and {@code lifecycle}. */
    ObjectNode detail(AlertIndex.Found f) {
        ObjectNode o = json.createObjectNode();
        o.put("position", f.alert().position());
        o.put("time", f.alert().time().toString());
        o.setAll((ObjectNode) read(f.alert()));
        o.set("lifecycle", lifecycle(f.status()));
        return o;
    }

    /** {@code status, disposition, comments, updated, by, revision} (the revision is also the entity tag). */
    ObjectNode lifecycle(AlertStatus s) {
        ObjectNode o = json.createObjectNode();
        o.put("status", s.status().label());
        o.put("disposition", label(s.disposition()));
        ArrayNode comments = o.putArray("comments");
        s.comments().forEach(c -> comments.addObject().put("time", c.time().toString()).put("by", c.by())
                .put("text", c.text()));
        o.put("updated", s.updated() == null ? null : s.updated().toString());
        o.put("by", s.by());
        o.put("revision", s.revision());
        return o;
    }

    private static String label(AlertStatus.Disposition d) {
        return d == null ? null : d.label();
    }

    private JsonNode read(IndexedAlert a) {
        try {
            return json.readTree(a.json());
        } catch (IOException e) {
            throw new IllegalStateException("the index holds only alerts that parsed", e);
        }
    }
}
