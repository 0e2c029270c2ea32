package io.cepheus.server.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a test case's run produced.
 *
 * @param alerts the alerts in output order, in their JSON form
 * @param late late events, as event references
 * @param rejected rejected lines with their reasons
 */
record Outcome(List<ObjectNode> alerts, List<String> late, List<Rejected> rejected) {

    record Rejected(String ref, String reason) {}

    Outcome {
        alerts = List.copyOf(alerts);
        late = List.copyOf(late);
        rejected = List.copyOf(rejected);
    }
}
