package io.cepheus.server.api;

import java.util.List;
import java.util.Optional;

/**
 * An endpoint's settings as a request gives them; what a request leaves out stays as it is (on
 * {@code PUT}) or takes its default (on {@code POST}).
 *
 * @param minSeverity a severity; the empty string (JSON {@code null}) for none
 */
public record WebhookInput(Optional<String> name, Optional<String> url, Optional<String> description,
                           Optional<List<String>> rules, Optional<List<String>> tags, Optional<String> minSeverity,
                           Optional<String> format, Optional<Boolean> enabled) {}
