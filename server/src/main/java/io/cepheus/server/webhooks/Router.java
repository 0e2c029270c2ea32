package io.cepheus.server.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.cepheus.server.control.Catalog;
import io.cepheus.server.control.Deployment;
import io.cepheus.server.control.WebhookDefinition;
import io.cepheus.server.rules.OfflineRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which endpoints an alert goes to. An endpoint takes an alert when it is enabled, the alert is not
 * a shadow's, and the alert is <em>selected</em> — its rule names the endpoint in {@code notify}, or
 * the endpoint's {@code rules} list the rule (or {@code *}), or the alert has one of the endpoint's
 * {@code tags} — and its severity is at least the endpoint's {@code minSeverity} (an alert without a
 * severity passes only an endpoint without one). A rule's {@code notify} names are read from the
 * deployment that runs now. Thread-safe: one router per deployment, immutable.
 */
public final class Router {

    /** The severities, least first. */
    public static final List<String> SEVERITIES = List.of("info", "low", "medium", "high", "critical");

    /** Selects every rule in an endpoint's {@code rules}. */
    public static final String ANY_RULE = "*";

    private final Deployment deployment;
    private final Map<String, List<String>> channels = new HashMap<>();

    Router(Deployment deployment) {
        this.deployment = deployment;
        for (OfflineRule r : deployment.rules().rules()) {
            channels.put(r.name(), r.info().channels());
        }
    }

    /** The deployment whose rules this router reads. */
    Deployment deployment() {
        return deployment;
    }

    /** The endpoints of {@code catalog} that take {@code alert} (the alerts topic's JSON), by name. */
    List<WebhookDefinition> route(JsonNode alert, Catalog catalog) {
        if (alert.path("shadow").asBoolean(false)) {
            return List.of();
        }
        String rule = alert.path("rule").asText();
        String severity = alert.hasNonNull("severity") ? alert.get("severity").asText() : null;
        List<String> tags = new ArrayList<>();
        alert.path("tags").forEach(t -> tags.add(t.asText()));
        List<String> notify = channels.getOrDefault(rule, List.of());
        List<WebhookDefinition> to = new ArrayList<>();
        for (WebhookDefinition e : catalog.webhooks().values()) {
            if (takes(e, rule, notify, severity, tags)) {
                to.add(e);
            }
        }
        return to;
    }

    static boolean takes(WebhookDefinition e, String rule, List<String> notify, String severity, List<String> tags) {
        if (!e.enabled()) {
            return false;
        }
        boolean selected = notify.contains(e.name()) || e.rules().contains(rule) || e.rules().contains(ANY_RULE)
                || tags.stream().anyMatch(e.tags()::contains);
        return selected && atLeast(severity, e.minSeverity());
    }

    /** Whether {@code severity} (null: none) is at least {@code min} (null: any). */
    static boolean atLeast(String severity, String min) {
        return min == null || (severity != null && SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(min));
    }
}
