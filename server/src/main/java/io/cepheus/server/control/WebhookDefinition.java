package io.cepheus.server.control;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A webhook endpoint as the control topic holds it ({@code webhook/NAME}): where alerts go, which
 * ones, in which format, and its signing secrets encrypted (never in clear: the webhooks package
 * encrypts them with the node's key before they are written). Deleting an endpoint deletes its record.
 *
 * @param name its unique name, what a rule's {@code notify} names
 * @param url where deliveries are posted ({@code http} or {@code https})
 * @param description for people; may be empty
 * @param rules rules whose alerts it takes besides those that notify it ({@code *}: every rule)
 * @param tags it takes the alerts that carry one of these tags
 * @param minSeverity the least severity of the alerts it takes; null for any
 * @param format {@code standard}, {@code cloudevents} or {@code alertmanager}
 * @param enabled whether deliveries are made
 * @param disabledReason why the server disabled it (an answer {@code 410 Gone}); null otherwise
 * @param created when it was made
 * @param updated when this version was written
 * @param version 1 at creation, one more at each change (the REST API's entity tag)
 * @param secret the current signing secret, encrypted
 * @param previousSecret the secret before the last rotation, encrypted, while both sign; null otherwise
 * @param previousUntil until when {@code previousSecret} signs too; null without one
 */
public record WebhookDefinition(String name, String url, String description, List<String> rules, List<String> tags,
                                String minSeverity, String format, boolean enabled, String disabledReason,
                                Instant created, Instant updated, long version, String secret,
                                String previousSecret, Instant previousUntil) {
    public WebhookDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url of webhook " + name);
        Objects.requireNonNull(description, "description of webhook " + name);
        rules = List.copyOf(rules);
        tags = List.copyOf(tags);
        Objects.requireNonNull(format, "format of webhook " + name);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(secret, "secret of webhook " + name);
        if ((previousSecret == null) != (previousUntil == null)) {
            throw new IllegalArgumentException("webhook " + name + ": previousSecret and previousUntil go together");
        }
        if (version < 1) {
            throw new IllegalArgumentException("webhook " + name + ": version must be 1 or more, was " + version);
        }
    }

    /** Whether the previous secret still signs at {@code now}. */
    public boolean inRotation(Instant now) {
        return previousUntil != null && now.isBefore(previousUntil);
    }

    /** This endpoint as its next version, written at {@code now}. */
    public WebhookDefinition next(Instant now) {
        return new WebhookDefinition(name, url, description, rules, tags, minSeverity, format, enabled, disabledReason,
                created, now, version + 1, secret, previousSecret, previousUntil);
    }

    /** Enabled again, or disabled for {@code reason} (null when a person disables it). */
    public WebhookDefinition withEnabled(boolean on, String reason) {
        return new WebhookDefinition(name, url, description, rules, tags, minSeverity, format, on, on ? null : reason,
                created, updated, version, secret, previousSecret, previousUntil);
    }

    /** With a new secret; the current one signs too until {@code until} (null: not at all). */
    public WebhookDefinition withSecret(String encrypted, Instant until) {
        return new WebhookDefinition(name, url, description, rules, tags, minSeverity, format, enabled, disabledReason,
                created, updated, version, encrypted, until == null ? null : secret, until);
    }

    /** Never shows the secrets, not even encrypted. */
    @Override
    public String toString() {
        return "WebhookDefinition[" + name + " v" + version + " " + url + (enabled ? "" : " disabled") + "]";
    }
}
