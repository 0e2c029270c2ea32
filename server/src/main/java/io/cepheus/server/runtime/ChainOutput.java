package io.cepheus.server.runtime;

import io.cepheus.core.Event;

/**
 * Where a {@link CepRuntime} sends the alerts that other rules read ({@code from alerts(rule)}) when
 * it does not give them to those rules itself ({@link CepRuntime#routeChainsTo}): a data plane whose
 * keys are spread over several tasks, where the key an alert has for the rule that reads it is in
 * general another task's. The receiving runtime takes them with {@link CepRuntime#acceptKeyed} and
 * {@link CepRuntime#advanceWatermark}, under the rule's {@link CepRuntime#alertsInput}; the calls come on the thread driving the runtime, in
 * order, the alerts before the watermark that follows them.
 */
public interface ChainOutput {

    /**
     * An alert of {@code rule} as an event of the key space {@code keySpace}, keyed for it.
     *
     * @param input the input under which the key space takes it ({@link CepRuntime#alertsInput})
     */
    void chained(String keySpace, String key, String input, Event event);

    /** The watermark of {@code rule}'s alerts moved here to {@code watermark}: none of them will be earlier. */
    void chainWatermark(String rule, long watermark);
}
