package io.cepheus.server.dataplane;

import java.util.Objects;

/**
 * What a CEP processor puts out: an alert record for the alerts topic, or — where keys are spread over
 * several tasks — an alert that another rule reads, keyed for that rule's task, or the watermark of such
 * alerts (both for the chain topic, which the CEP processors read beside the repartition topic).
 */
sealed interface CepOutput {

    /** An alert as its JSON record value. */
    record Alert(String json) implements CepOutput {
        public Alert {
            Objects.requireNonNull(json, "json");
        }
    }

    /**
     * A {@link Routed.KeyedEvent} of a rule's alerts input, or a {@link Routed.Watermark} of the
     * alerts of one rule from this task's partition.
     */
    record Chained(Routed routed) implements CepOutput {
        public Chained {
            Objects.requireNonNull(routed, "routed");
        }
    }
}
