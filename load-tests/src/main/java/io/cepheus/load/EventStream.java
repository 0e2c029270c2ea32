package io.cepheus.load;

/**
 * The seeded events of a workload, shared by every engine: for event {@code i}, a key, a type and an
 * amount drawn from a hash of {@code (seed, i)}, and the timestamp {@link #BASE_TIMESTAMP} + i ms.
 *
 * <p>Design note: every field is a pure function of the seed and the event's index ({@link #at}), so
 * a parallel source (the Flink job) can make exactly the same events as the arrays here without
 * shipping them. Timestamps are strictly increasing: no two events tie, so no engine's tie order
 * matters. Amounts are uniform in 1..1000; keys uniform over the workload's keys; types follow its
 * {@link TypeMix}. Draws come from SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom
 * number generators", OOPSLA 2014), written here from its published constants.
 *
 * <p>Immutable after construction; the arrays are exposed read-only by convention, for speed.
 */
public final class EventStream {

    /** Timestamp of event 0 (2023-11-14T22:13:20Z). */
    public static final long BASE_TIMESTAMP = 1_700_000_000_000L;

    /** The default seed of every run. */
    public static final long DEFAULT_SEED = 42L;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final Workload workload;
    private final long seed;
    private final int[] keys;
    private final int[] types;
    private final long[] amounts;
    private final String[] keyNames;

    private EventStream(Workload workload, long seed) {
        this.workload = workload;
        this.seed = seed;
        int n = workload.events();
        keys = new int[n];
        types = new int[n];
        amounts = new long[n];
        for (int i = 0; i < n; i++) {
            Draw d = at(workload, seed, i);
            keys[i] = d.key();
            types[i] = d.type();
            amounts[i] = d.amount();
        }
        keyNames = new String[workload.keys()];
        for (int k = 0; k < keyNames.length; k++) {
            keyNames[k] = keyName(k);
        }
    }

    /** Generates the stream of {@code workload} from {@code seed}. */
    public static EventStream generate(Workload workload, long seed) {
        return new EventStream(workload, seed);
    }

    /** One event's fields, as indices into the workload's keys and types. */
    public record Draw(int key, int type, long amount, long timestamp) {}

    /** Event {@code i} of the stream of {@code workload} and {@code seed}; what {@link #generate} stores. */
    public static Draw at(Workload workload, long seed, long i) {
        long state = seed * 0xD1B54A32D192ED03L + i * 3 * GOLDEN_GAMMA;
        int key = (int) Long.remainderUnsigned(mix(state += GOLDEN_GAMMA), workload.keys());
        int type = workload.types().pick((int) Long.remainderUnsigned(mix(state += GOLDEN_GAMMA), workload.types().total()));
        long amount = 1 + Long.remainderUnsigned(mix(state + GOLDEN_GAMMA), 1000);
        return new Draw(key, type, amount, BASE_TIMESTAMP + i);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The name of key {@code k}; the same string for every engine. */
    public static String keyName(int k) {
        return "k" + k;
    }

    public Workload workload() {
        return workload;
    }

    public long seed() {
        return seed;
    }

    public int size() {
        return keys.length;
    }

    /** Key index of event {@code i}. */
    public int key(int i) {
        return keys[i];
    }

    /** The key string of event {@code i} (one shared instance per key). */
    public String keyOf(int i) {
        return keyNames[keys[i]];
    }

    /** Interned type name of event {@code i}. */
    public String type(int i) {
        return workload.types().name(types[i]);
    }

    public long amount(int i) {
        return amounts[i];
    }

    public long timestamp(int i) {
        return BASE_TIMESTAMP + i;
    }

    /** Timestamp of the last event. */
    public long lastTimestamp() {
        return timestamp(size() - 1);
    }
}
