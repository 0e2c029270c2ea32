package io.cepheus.server.runtime;

import io.cepheus.core.Event;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.rules.OfflineRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keys an event of a declared stream for each key space that reads it — the routing half of a
 * {@link CepRuntime}, without its engines, for a process that keys events in one place and runs
 * them in another (the data plane keys in its decode stage and runs the engines behind a
 * repartition). Key-space names are those of a {@link CepRuntime} over the same rules, so {@link
 * CepRuntime#acceptKeyed} takes what this routes.
 *
 * <p>Immutable and thread-safe (the rules' key functions are).
 */
public final class KeyRouter {

    /** Where {@link #route} reports, in key-space order. */
    public interface Routes {

        /** The event belongs to {@code key} in {@code keySpace}. */
        void keyed(String keySpace, String key);

        /** A key field of the event is null: the rules of {@code keySpace} do not take it. */
        default void withoutKey(String keySpace) {}

        /** The partition key could not be computed; the rules of {@code keySpace} do not take the event. */
        default void failed(String keySpace, List<String> rules, RuntimeException error) {}
    }

    private record Space(String name, OfflineRule first, List<String> rules) {}

    private final Map<String, List<Space>> byStream = new LinkedHashMap<>();

    /** @param rules the rules, as given to the {@link CepRuntime} that will take the keyed events */
    public KeyRouter(List<OfflineRule> rules) {
        CepRuntime.groups(rules).forEach((name, group) -> {
            Space space = new Space(name, group.getFirst(), group.stream().map(OfflineRule::name).toList());
            for (StreamLayout s : space.first().inputs()) {
                byStream.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(space);
            }
        });
    }

    /** The declared streams that some rule reads, in rule order. */
    public Set<String> streams() {
        return byStream.keySet();
    }

    /** The key spaces that read {@code stream}; empty if none does. */
    public List<String> keySpaces(String stream) {
        return byStream.getOrDefault(stream, List.of()).stream().map(Space::name).toList();
    }

    /** The rules that read {@code stream}, by key space. */
    public Map<String, List<String>> rules(String stream) {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        byStream.getOrDefault(stream, List.of()).forEach(s -> rules.put(s.name(), s.rules()));
        return rules;
    }

    /** Keys {@code event} of {@code stream} for every key space that reads the stream, reporting each to {@code routes}. */
    public void route(String stream, Event event, Routes routes) {
        Objects.requireNonNull(routes, "routes");
        for (Space s : byStream.getOrDefault(stream, List.of())) {
            String key;
            try {
                key = s.first().key().apply(s.first().eventFor().apply(stream, event));
            } catch (RuntimeException e) {
                routes.failed(s.name(), s.rules(), e);
                continue;
            }
            if (key == null) {
                routes.withoutKey(s.name());
            } else {
                routes.keyed(s.name(), key);
            }
        }
    }
}
