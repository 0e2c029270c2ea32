package io.cepheus.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.server.control.WebhookDefinition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which endpoint takes which alert: notify, rules, tags, minimum severity, enabled. */
class RouterTest {

    static WebhookDefinition endpoint(String name, List<String> rules, List<String> tags, String min, boolean enabled) {
        Instant t = Instant.parse("2026-03-01T00:00:00Z");
        return new WebhookDefinition(name, "https://example.com", "", rules, tags, min, "standard", enabled, null, t, t,
                1, "v1:x", null, null);
    }

    @Test
    void anEndpointTakesWhatNotifiesItOrWhatItSelectsAtItsSeverity() {
        WebhookDefinition pager = endpoint("pager", List.of(), List.of(), null, true);
        WebhookDefinition fraud = endpoint("fraud", List.of("card_testing"), List.of(), null, true);
        WebhookDefinition all = endpoint("all", List.of("*"), List.of(), "high", true);
        WebhookDefinition tagged = endpoint("tagged", List.of(), List.of("cards"), null, true);
        WebhookDefinition off = endpoint("off", List.of("*"), List.of(), null, false);

        assertThat(Router.takes(pager, "r", List.of("pager"), null, List.of())).as("notify").isTrue();
        assertThat(Router.takes(pager, "r", List.of("chat"), "critical", List.of("cards"))).as("nothing selects it")
                .isFalse();
        assertThat(Router.takes(fraud, "card_testing", List.of(), null, List.of())).as("its rules").isTrue();
        assertThat(Router.takes(fraud, "other", List.of(), null, List.of())).isFalse();
        assertThat(Router.takes(all, "other", List.of(), "critical", List.of())).as("* at high or more").isTrue();
        assertThat(Router.takes(all, "other", List.of(), "medium", List.of())).isFalse();
        assertThat(Router.takes(all, "other", List.of(), null, List.of())).as("no severity, a minimum").isFalse();
        assertThat(Router.takes(tagged, "other", List.of(), null, List.of("fraud", "cards"))).as("a tag").isTrue();
        assertThat(Router.takes(off, "other", List.of("off"), "critical", List.of())).as("disabled").isFalse();
    }
}
