package io.cepheus.core.state;

import java.util.HashSet;
import java.util.Set;

/** The store names a backend has open: a second open of a name is refused. Thread-safe. */
final class OpenNames {
    private final Set<String> open = new HashSet<>();

    synchronized void acquire(String name) {
        if (!open.add(name)) {
            throw new IllegalStateException("store '" + name + "' is already open on this backend:"
                    + " give each engine on a shared backend its own name");
        }
    }

    synchronized void release(String name) {
        open.remove(name);
    }
}
