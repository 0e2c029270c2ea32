package io.cepheus.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cepheus.server.control.WebhookDefinition;
import io.cepheus.server.webhooks.DeliveryLog;
import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint as the API shows it: never its signing secret, except once, in the answer that
 * made it ({@link #secret}).
 *
 * @param name its name, what a rule's {@code notify} names
 * @param url where deliveries are posted
 * @param description for people
 * @param rules rules whose alerts it takes besides those that notify it ({@code *}: every rule)
 * @param tags it takes the alerts that carry one of these
 * @param minSeverity the least severity it takes; null for any
 * @param format {@code standard}, {@code cloudevents} or {@code alertmanager}
 * @param enabled whether deliveries are made
 * @param disabledReason why the server disabled it; null otherwise
 * @param created when it was made (ISO-8601)
 * @param updated when this version was written
 * @param version its version, the entity tag
 * @param secretRotation while a rotated-out secret still signs: until when; null otherwise
 * @param stats its deliveries in the delivery log
 * @param secret the signing secret, only in the answer that made it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookView(String name, String url, String description, List<String> rules, List<String> tags,
                          String minSeverity, String format, boolean enabled, String disabledReason, String created,
                          String updated, long version, Rotation secretRotation, Stats stats, String secret) {

    /** @param until until when the previous secret signs too */
    public record Rotation(String until) {}

    /**
     * @param delivered answered 2xx
     * @param failed waiting for a retry
     * @param dead dead-lettered
     * @param pending waiting for their first attempt
     * @param oldestPendingAge how long the oldest delivery neither delivered nor dead has waited, ISO-8601
     *     (e.g. {@code PT12.5S}); null when there is none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stats(long delivered, long failed, long dead, long pending, String oldestPendingAge) {}

    static WebhookView of(WebhookDefinition w, DeliveryLog.Stats s, Instant now) {
        return new WebhookView(w.name(), w.url(), w.description(), w.rules(), w.tags(), w.minSeverity(), w.format(),
                w.enabled(), w.disabledReason(), w.created().toString(), w.updated().toString(), w.version(),
                w.inRotation(now) ? new Rotation(w.previousUntil().toString()) : null,
                new Stats(s.delivered(), s.failed(), s.dead(), s.pending(),
                        s.oldestPendingAge() == null ? null : s.oldestPendingAge().toString()), null);
    }

    /** The view with the secret, for the answer that made it. */
    WebhookView withSecret(String s) {
        return new WebhookView(name, url, description, rules, tags, minSeverity, format, enabled, disabledReason,
                created, updated, version, secretRotation, stats, s);
    }

    /** What the audit log keeps: no statistics, no secret. */
    WebhookView audited() {
        return new WebhookView(name, url, description, rules, tags, minSeverity, format, enabled, disabledReason,
                created, updated, version, secretRotation, null, null);
    }
}
