package io.cepheus.server.api;

/**
 * What {@code POST /rules/format} answers.
 *
 * @param text the canonical form of the text sent
 */
public record Formatted(String text) {}
