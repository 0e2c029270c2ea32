package io.cepheus.server.webhooks;

import java.util.Locale;

/** The body of a delivery: see {@link Payloads}. */
public enum Format {
    /** Standard Webhooks: {@code {type, timestamp, data}} with the alert as {@code data}. The default. */
    STANDARD,
    /** CloudEvents 1.0 in structured JSON mode ({@code application/cloudevents+json}), the alert as {@code data}. */
    CLOUDEVENTS,
    /** Prometheus Alertmanager's webhook body, {@code version "4"}, the alert as one of {@code alerts}. */
    ALERTMANAGER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the formats */
    public static Format ofLabel(String label) {
        for (Format f : values()) {
            if (f.label().equals(label)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + label + "' (standard, cloudevents or alertmanager)");
    }
}
