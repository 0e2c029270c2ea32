/**
 * Windowed aggregate rules: thresholds over a window per key ("more than 5 payments from one card
 * in 10 minutes"), next to pattern rules in the same engine, state and snapshots.
 *
 * <p>An {@link io.cepheus.core.window.AggregateRule} filters the events of a key, keeps {@link
 * io.cepheus.core.window.Measure}s over a {@link io.cepheus.core.window.Window} and fires when its
 * condition holds. All types here are immutable.
 */
package io.cepheus.core.window;
