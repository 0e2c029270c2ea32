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

    /** Key states of format 4 (varints, deltas, each distinct string once). */
    private static final String DIGEST = "85cdcef483d555d88d18c8ceceaad5b7ebc06b51cf5227b357b37896ee3ff350";

    /** Every key state of the same scenarios as {@link KeyStateFormat3} writes it: what builds of format 3 wrote. */
    private static final String FORMAT_3_DIGEST = "f86c07d3d3e29d0c0b0b7f8dea2ba4e0154e6d3d08c60bd01bfa8cdf7e58f93c";

    @Test
    void theEncoderOfFormat3KeptForTheTestsWritesWhatThoseBuildsWrote() throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int seed = 1; seed <= 200; seed++) {
            try (CepEngine engine = scenario(seed)) {
                keyStates(engine).values().forEach(state -> sha.update(KeyStateFormat3.encode(state)));
            }
        }
        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(FORMAT_3_DIGEST);
    }

    /**
     * Every key state of the scenarios written in formats 2 and 3 decodes to the state it was: encoded
     * again, it gives the bytes of the state itself — and format 4 is the smaller.
     */
    @Test
    void statesOfFormats2And3DecodeToTheSameState() {
        long[] sizes = new long[2];
        int states = 0;
        for (int seed = 1; seed <= 200; seed++) {
            try (CepEngine engine = scenario(seed)) {
                KeyStateCodec codec = engine.keyStateCodec();
                long discarded = codec.discarded();
                for (var e : keyStates(engine).entrySet()) {
                    byte[] now = codec.encode(e.getValue());
                    byte[] three = KeyStateFormat3.encode(e.getValue());
                    assertThat(now[0]).isEqualTo(KeyStateCodec.VERSION);
                    assertThat(codec.encode(codec.decode(three))).as("format 3 of %s, seed %d", e.getKey(), seed).isEqualTo(now);
                    assertThat(codec.encode(codec.decode(KeyStateFormat3.encode2(e.getValue()))))
                            .as("format 2 of %s, seed %d", e.getKey(), seed).isEqualTo(now);
                    assertThat(codec.earliestTimer(three)).isEqualTo(codec.earliestTimer(now))
                            .isEqualTo(e.getValue().earliestTimer());
                    sizes[0] += three.length;
                    sizes[1] += now.length;
                    states++;
                }
                assertThat(codec.discarded()).as("runs dropped on decode").isEqualTo(discarded);
            }
        }
        assertThat(states).as("key states").isGreaterThan(500);
        assertThat(sizes[1]).as("bytes of format 4 against format 3's %d", sizes[0]).isLessThan(sizes[0] / 2); // 41 % here
    }

    private static java.util.SortedMap<String, KeyState> keyStates(CepEngine engine) {
        java.util.SortedMap<String, KeyState> states = new java.util.TreeMap<>();
        engine.forEachKeyState(states::put);
        return states;
    }

    /** Seeded scenario {@code seed} played up to its cut, on heap. */
    private static CepEngine scenario(int seed) {
        Random random = new Random(9_000 + seed);
        CepEngine.Builder b = CepEngine.builder().rules(RandomScenarios.rules(random))
                .aggregateRules(RandomScenarios.aggregateRules(random));
        RandomScenarios.baselines().forEach(b::baseline);
        List<Action> script = RandomScenarios.script(random, 60);
        int cut = random.nextInt(script.size());
        CepEngine engine = b.output(new RandomScenarios.Recorder()).build();
        RandomScenarios.play(engine, script.subList(0, cut));
        return engine;
    }

    @Test
    void snapshotsOfRandomScenariosKeepTheirBytes() throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long bytes = 0;
        for (int seed = 1; seed <= 200; seed++) {
            ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
            try (CepEngine engine = scenario(seed)) {
                engine.snapshot(snapshot);
            }
            sha.update(snapshot.toByteArray());
            bytes += snapshot.size();
        }
        assertThat(bytes).as("the scenarios hold state").isGreaterThan(100_000);
        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(DIGEST);
    }
}
