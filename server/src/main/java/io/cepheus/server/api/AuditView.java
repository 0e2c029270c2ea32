package io.cepheus.server.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of the audit log.
 *
 * @param id its place in the log (a cursor)
 * @param time when the change was made (ISO-8601)
 * @param actor the token that made it: {@code id (name)}
 * @param action e.g. {@code rule.update}
 * @param target e.g. {@code rule/card_testing}
 * @param before the target before the change, as the API showed it; null when it did not exist
 * @param after the target after the change; null when it no longer exists
 */
public record AuditView(String id, String time, String actor, String action, String target, JsonNode before,
                        JsonNode after) {}
