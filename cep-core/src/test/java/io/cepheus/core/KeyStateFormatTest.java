package io.cepheus.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.core.RandomScenarios.Action;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bytes of stored state do not change by accident: the snapshots of 200 seeded random
 * scenarios (every key's state as {@link KeyStateCodec} writes it, the meta part, the buffer), cut
 * at a random point, hash to the digest below. A change of the format is a new format version and a
 * new digest, made on purpose; a faster encoder must give the same bytes.
 */
class KeyStateFormatTest {

    /** Key states of format 3 (the earliest timer at their head). */
    private static final String DIGEST = "291818c4f48b352dd07d213173f3168ad0e8453b1dbfb14fec03c95f8b016e93";

    @Test
    void snapshotsOfRandomScenariosKeepTheirBytes() throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long bytes = 0;
        for (int seed = 1; seed <= 200; seed++) {
            Random random = new Random(9_000 + seed);
            CepEngine.Builder b = CepEngine.builder().rules(RandomScenarios.rules(random))
                    .aggregateRules(RandomScenarios.aggregateRules(random));
            RandomScenarios.baselines().forEach(b::baseline);
            List<Action> script = RandomScenarios.script(random, 60);
            int cut = random.nextInt(script.size());
            ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
            try (CepEngine engine = b.output(new RandomScenarios.Recorder()).build()) {
                RandomScenarios.play(engine, script.subList(0, cut));
                engine.snapshot(snapshot);
            }
            sha.update(snapshot.toByteArray());
            bytes += snapshot.size();
        }
        assertThat(bytes).as("the scenarios hold state").isGreaterThan(100_000);
        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(DIGEST);
    }
}
