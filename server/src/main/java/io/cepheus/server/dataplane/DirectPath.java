package io.cepheus.server.dataplane;

import io.cepheus.dsl.FieldType;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.rules.OfflineRule;
import io.cepheus.server.runtime.CepRuntime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which key spaces skip the repartition topic: those keyed by what the record key already is. A
 * stream that declares {@code key FIELD} promises that producers key its records by that field, so
 * the records of one key are in one partition of the stream's topic already; a key space of one
 * such stream partitioned by that field alone (or by nothing, which means that field) then runs in
 * the task of the source partition — no repartition topic, no second read. The decode stage holds
 * producers to the promise on a topic of several partitions: a record whose Kafka key is not its key
 * field's value is dead-lettered ({@code key_mismatch}); with one partition any record is in the
 * right place, keyed or not. Key spaces over several streams, over alerts, or whose alerts other rules
 * read stay on the repartition topic (chained alerts travel between the tasks behind it).
 *
 * <p>The direct runtime's stream watermark is its source partition's: every event of a key is in
 * that partition, so the matches are the same as with the least over all partitions, and no
 * partition waits for another. Stateless.
 */
final class DirectPath {

    private DirectPath() {}

    /** The names of the key spaces of {@code rules} that run in the source partition's task. */
    static Set<String> keySpaces(List<OfflineRule> rules) {
        Set<String> alertSources = new HashSet<>();
        rules.forEach(r -> alertSources.addAll(r.readsAlertsOf()));
        Set<String> direct = new LinkedHashSet<>();
        for (Map.Entry<String, List<OfflineRule>> e : CepRuntime.groups(rules).entrySet()) {
            if (direct(e.getValue(), alertSources)) {
                direct.add(e.getKey());
            }
        }
        return direct;
    }

    /** The rules of {@code rules} whose key spaces run directly ({@code direct}) or behind the repartition topic. */
    static List<OfflineRule> rules(List<OfflineRule> rules, boolean direct) {
        Set<String> alertSources = new HashSet<>();
        rules.forEach(r -> alertSources.addAll(r.readsAlertsOf()));
        List<OfflineRule> chosen = new ArrayList<>();
        for (List<OfflineRule> group : CepRuntime.groups(rules).values()) {
            if (direct(group, alertSources) == direct) {
                chosen.addAll(group);
            }
        }
        return chosen;
    }

    private static boolean direct(List<OfflineRule> group, Set<String> alertSources) {
        OfflineRule first = group.getFirst();
        if (first.inputs().size() != 1 || !first.readsAlertsOf().isEmpty()
                || group.stream().anyMatch(r -> alertSources.contains(r.name()))) {
            return false;
        }
        StreamLayout stream = first.inputs().getFirst();
        String keyField = stream.keyField();
        if (keyField == null || !first.stream().name().equals(stream.name()) || stream.field(keyField) == null
                || stream.field(keyField).type() != FieldType.STRING) {
            return false;
        }
        return first.partitionBy().isEmpty() || first.partitionBy().equals(List.of(keyField));
    }
}
