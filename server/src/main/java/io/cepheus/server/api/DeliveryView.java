package io.cepheus.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cepheus.server.webhooks.Delivery;
import java.util.List;

/**
 * A webhook delivery as the API shows it (without the alert: {@code GET /alerts/{alertId}} has it).
 *
 * @param id the {@code webhook-id}, the same on every attempt, restart and replay
 * @param endpoint the endpoint's name
 * @param alertId the alert's id
 * @param rule the alert's rule ({@code cepheus-test} for a test delivery)
 * @param type {@code alert.fired} or {@code alert.test}
 * @param status {@code pending}, {@code failed} (a retry is due), {@code delivered} or {@code dead}
 * @param attempts every attempt, oldest first
 * @param nextAttemptAt when the next attempt is due; null once delivered or dead
 * @param created when the delivery was made
 * @param queued when it was queued last (at creation, or at a replay)
 * @param reason why it is dead; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryView(String id, String endpoint, String alertId, String rule, String type, String status,
                           List<AttemptView> attempts, String nextAttemptAt, String created, String queued,
                           String reason) {

    /**
     * @param at when it started
     * @param status the HTTP status answered; null without an answer
     * @param latencyMs how long it took
     * @param error what went wrong; null when delivered
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttemptView(String at, Integer status, long latencyMs, String error) {}

    static DeliveryView of(Delivery d) {
        return new DeliveryView(d.id(), d.endpoint(), d.alertId(), d.rule(), d.type(), d.status().label(),
                d.attempts().stream().map(a -> new AttemptView(a.at().toString(), a.status(), a.latencyMs(), a.error()))
                        .toList(),
                d.nextAttemptAt() == null ? null : d.nextAttemptAt().toString(), d.created().toString(),
                d.queued().toString(), d.reason());
    }
}
