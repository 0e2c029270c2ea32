package io.cepheus.server.control;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's current {@link Deployment}: compiled from each catalog the {@link Registry} publishes
 * ({@link #update}), read by the data plane's processors on their own threads ({@link #current}),
 * and passed to listeners (the data plane restarts Kafka Streams when the streams read change).
 *
 * <p>Thread-safe: one thread updates (the registry's), any thread reads.
 */
public final class Deployments {

    private static final Logger log = LoggerFactory.getLogger(Deployments.class);

    private final List<Consumer<Deployment>> listeners = new CopyOnWriteArrayList<>();
    private volatile Deployment current = Deployment.EMPTY;

    /** What runs now. */
    public Deployment current() {
        return current;
    }

    /** Calls {@code listener} with every deployment made from now on (on the updating thread). */
    public void onChange(Consumer<Deployment> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Compiles {@code catalog} and makes it current, if it is newer than the current one. */
    public synchronized void update(Catalog catalog) {
        if (catalog.offset() <= current.generation() && current != Deployment.EMPTY) {
            return;
        }
        Deployment next = Deployment.of(catalog);
        Map<String, String> before = current.problems();
        next.problems().forEach((what, problem) -> {
            if (!problem.equals(before.get(what))) {
                log.warn("{} does not run: {}", what, problem);
            }
        });
        current = next;
        for (Consumer<Deployment> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                log.error("a listener of deployments failed", e);
            }
        }
    }
}
