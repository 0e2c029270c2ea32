package io.cepheus.server.node;

import io.cepheus.server.api.LiveMatches;
import io.cepheus.server.dataplane.DataPlane;
import io.cepheus.server.dataplane.KeyCounts;
import io.cepheus.server.dataplane.PartialMatchQuery;
import java.util.Map;
import java.util.Optional;

/**
 * The API's {@link LiveMatches} answered by the data plane: a key's partial matches by its interactive query
 * ({@link PartialMatchQuery}) with, per stream, the key's late and dead-lettered counts ({@link KeyCounts}),
 * and the counts per rule over the cluster by {@link DataPlane#partialMatches()}.
 */
final class DataPlaneLiveMatches implements LiveMatches {

    private final DataPlane plane;

    DataPlaneLiveMatches(DataPlane plane) {
        this.plane = plane;
    }

    @Override
    public Answer find(String rule, String key) {
        PartialMatchQuery query = plane.partialMatchQuery().orElse(null);
        if (query == null) {
            return new Unavailable("no stream is read: nothing runs");
        }
        return switch (query.query(rule, key)) {
            case PartialMatchQuery.Local l -> new Here(l.owner().toString(), l.matches(), l.streams().stream()
                    .map(s -> clock(s, key)).toList());
            case PartialMatchQuery.Remote r -> new Elsewhere(r.owner().host(), r.owner().port());
            case PartialMatchQuery.Unavailable u -> new Unavailable(u.reason());
        };
    }

    @Override
    public Optional<Map<String, Long>> partialMatchCounts() {
        return plane.isRunning() ? Optional.of(plane.partialMatches().byRule()) : Optional.empty();
    }

    private StreamClock clock(PartialMatchQuery.StreamTime s, String key) {
        KeyCounts.Counts c = plane.keyCounts().of(s.stream(), key);
        return new StreamClock(s.stream(), s.watermark(), s.idle(), c.late(), c.deadLettered());
    }
}
