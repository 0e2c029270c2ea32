package io.cepheus.server.health;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The components whose readiness makes the node ready ({@code /health/ready}): each registers a
 * named check, e.g. the embedded broker ("kafka") and later the data plane ("streams"). The node
 * is ready when every check says so; with no checks it is ready. Thread-safe; checks are called
 * on the caller's thread and must be quick and non-blocking.
 */
public final class Readiness {

    private record Check(String name, BooleanSupplier ready) {}

    private final List<Check> checks = new CopyOnWriteArrayList<>();

    /**
     * @param name what the check is about, as {@code /health/ready} names it when not ready
     * @param ready true while the component is ready
     * @throws IllegalArgumentException if a check of that name is registered already
     */
    public void register(String name, BooleanSupplier ready) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ready, "ready");
        if (checks.stream().anyMatch(c -> c.name().equals(name))) {
            throw new IllegalArgumentException("a readiness check named " + name + " is registered already");
        }
        checks.add(new Check(name, ready));
    }

    /** The names of the checks that are not ready now, in registration order; empty when the node is ready. */
    public List<String> notReady() {
        return checks.stream().filter(c -> !c.ready().getAsBoolean()).map(Check::name).toList();
    }
}
