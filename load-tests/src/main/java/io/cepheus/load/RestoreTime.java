package io.cepheus.load;

import io.cepheus.core.CepEngine;
import io.cepheus.core.EngineOutput;
import io.cepheus.core.Event;
import io.cepheus.core.Match;
import io.cepheus.core.Rule;
import io.cepheus.core.state.KeyedStore;
import io.cepheus.core.state.RocksDbStateBackend;
import io.cepheus.core.state.StateCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * How long an engine takes to reopen over RocksDB state that holds {@code keys} keys with a
 * partial match each (W1's rule, A→B within 10 s; the A of every key is in, none has its B):
 * building the engine — which reads the stored clocks and buffer, and the earliest timer at the
 * head of each key's state (decoding none), and registers the timers — then the first watermark,
 * which fires the first timer. The baseline in the same run is a bare scan that reads every key
 * state's bytes, the least any reopening that looks at each key costs. (Until the timers went into
 * the head of the key states, a separate timer index was read instead: faster to reopen, one more
 * write for every key whose earliest deadline moved.)
 *
 * <p>Run: {@code java -cp load-tests/target/benchmarks.jar io.cepheus.load.RestoreTime 100000 5}
 * (keys, repetitions; prints the median of each).
 */
public final class RestoreTime {

    private RestoreTime() {}

    public static void main(String[] args) throws IOException {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Rule rule = CepheusRules.of(Workload.byId("W1-10k")).getFirst();
        Path dir = Files.createTempDirectory("cepheus-restore");
        try {
            long fill = System.nanoTime();
            try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir);
                 CepEngine engine = CepEngine.builder().stateBackend(rocks).rule(rule).output(NOTHING).build()) {
                for (int i = 0; i < keys; i++) {
                    engine.process("key-" + i, Event.of(i, 1_000L + i / 100, "A", 100L));
                }
                engine.advanceWatermark(1_000L + keys / 100);
                if (engine.keysWithState() < keys / 2) {
                    throw new IllegalStateException("expected about " + keys + " keys with state, found " + engine.keysWithState());
                }
            }
            System.out.printf("state of %,d keys written in %d ms%n", keys, (System.nanoTime() - fill) / 1_000_000);
            List<Long> reopen = new ArrayList<>();
            List<Long> scan = new ArrayList<>();
            for (int r = 0; r < repetitions; r++) {
                reopen.add(timeReopen(dir, rule));
                scan.add(timeScan(dir));
            }
            System.out.printf("reopen (timers from the key states' heads): median %d ms of %s%n", median(reopen), reopen);
            System.out.printf("baseline, a bare scan of every key's state: median %d ms of %s%n", median(scan), scan);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long timeReopen(Path dir, Rule rule) {
        try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir)) {
            long start = System.nanoTime();
            CepEngine engine = CepEngine.builder().stateBackend(rocks).rule(rule).output(NOTHING).build();
            engine.advanceWatermark(engine.currentWatermark() + 1);
            long ms = (System.nanoTime() - start) / 1_000_000;
            // leave the state as it was for the next repetition: close without having changed a key
            engine.close();
            return ms;
        }
    }

    /** Reads and decodes (as the engine's codec would: here, only the bytes) every key state. */
    private static long timeScan(Path dir) {
        try (RocksDbStateBackend rocks = new RocksDbStateBackend(dir)) {
            long start = System.nanoTime();
            KeyedStore<byte[]> raw = rocks.open("cep.keys", StateCodec.bytes());
            long[] total = new long[1];
            raw.forEach((key, bytes) -> total[0] += bytes.length + decodeCost(bytes));
            raw.close();
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (total[0] == 0) {
                throw new IllegalStateException("no state to scan");
            }
            return ms;
        }
    }

    /** Touches every byte, so the scan is not optimised away (a real decode costs more). */
    private static long decodeCost(byte[] bytes) {
        return Arrays.hashCode(bytes) & 1;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }


    private static final EngineOutput NOTHING = new EngineOutput() {
        @Override
        public void onMatch(Match match) {}
    };
}
