package io.cepheus.server.dataplane;

import io.cepheus.core.state.KeyedStore;
import io.cepheus.core.state.StateBackend;
import io.cepheus.core.state.StateCodec;
import io.cepheus.server.runtime.CepRuntime;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The watermark of each stream as one CEP task sees it, from the watermarks of the stream's source
 * partitions ({@link Routed.Watermark} records): the least over the partitions that are not idle, as
 * Flink's Kafka source combines its partitions — so a one-partition topic gives exactly what {@code
 * backtest} gives. A partition not heard from yet holds the stream back (its watermark is
 * {@code Long.MIN_VALUE}) until the decode stage reports it idle.
 *
 * <p>When every partition of a stream is idle, the stream is marked idle in the runtime (it no longer
 * holds back rules that also read other streams) and the wall clock moves its watermark: to the wall
 * clock minus the stream's lateness, at each punctuation — so windows close and absences fire on a
 * quiet stream. An event of a partition that wakes up behind that watermark is late for the engines
 * (counted, not dead-lettered: the decode stage had let it through).
 *
 * <p>The alerts of a rule that other rules read come, over several partitions, from every task of
 * the repartition topic through the chain topic ({@link CepProcessor}), each followed by its task's
 * watermark of them: such an alerts input has a clock with one "partition" per task, never idle (every
 * task's engines move with the streams' watermarks, which reach every task).
 *
 * <p>The state (per partition watermark and idleness, the watermark given to the runtime) is kept in
 * the task's store, {@value #STORE}, so that it is checkpointed with the engines'. Not thread-safe.
 */
final class StreamWatermarks {

    static final String STORE = "dataplane.watermarks";

    private final Map<String, StreamClock> streams = new LinkedHashMap<>();
    private final KeyedStore<byte[]> store;
    /** Whether only the task's own source partition counts (the {@link DirectPath}). */
    private final boolean local;
    /** The tasks that make the alerts of the chain topic. */
    private final int chainProducers;

    /** One stream's clock. */
    private static final class StreamClock {
        final long lateness;
        long[] partitions;
        boolean[] idle;
        long applied = Long.MIN_VALUE;
        boolean streamIdle;
        boolean dirty;

        StreamClock(int partitions, long lateness) {
            this.lateness = lateness;
            this.partitions = new long[partitions];
            this.idle = new boolean[partitions];
            Arrays.fill(this.partitions, Long.MIN_VALUE);
        }

        void grow(int n) {
            int old = partitions.length;
            partitions = Arrays.copyOf(partitions, n);
            idle = Arrays.copyOf(idle, n);
            Arrays.fill(partitions, old, n, Long.MIN_VALUE);
        }

        byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(4 + partitions.length * 9 + 9);
            b.putInt(partitions.length);
            for (int i = 0; i < partitions.length; i++) {
                b.putLong(partitions[i]);
                b.put((byte) (idle[i] ? 1 : 0));
            }
            b.putLong(applied);
            b.put((byte) (streamIdle ? 1 : 0));
            return b.array();
        }

        void decode(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int n = b.getInt();
            if (n > partitions.length) {
                grow(n);
            }
            for (int i = 0; i < n; i++) {
                partitions[i] = b.getLong();
                idle[i] = b.get() == 1;
            }
            applied = b.getLong();
            streamIdle = b.get() == 1;
        }
    }

    /**
     * @param backend the task's backend (the watermarks are a store of it)
     * @param sources the streams the task's rules read
     * @param local whether the task sees only its own source partition of each stream ({@link
     *     DirectPath}): a stream's watermark is then that partition's
     * @param chainProducers the tasks that write the chain topic (0 if none does)
     */
    StreamWatermarks(StateBackend backend, Iterable<SourceStream> sources, boolean local, int chainProducers) {
        this.store = backend.open(STORE, StateCodec.bytes());
        this.local = local;
        this.chainProducers = chainProducers;
        for (SourceStream s : sources) {
            clock(s.name(), local ? 1 : s.partitions(), s.layout().lateness().toMillis());
        }
    }

    private StreamClock clock(String input, int partitions, long lateness) {
        StreamClock c = new StreamClock(partitions, lateness);
        byte[] stored = store.get(input);
        if (stored != null) {
            c.decode(stored);
        }
        streams.put(input, c);
        return c;
    }

    /** A source partition's watermark record, or a task's watermark of a rule's alerts. */
    void onWatermark(Routed.Watermark w, CepRuntime runtime) {
        StreamClock c = streams.get(w.stream());
        if (c == null && chainProducers > 0 && CepRuntime.isAlertsInput(w.stream())) {
            c = clock(w.stream(), chainProducers, 0);
        }
        if (c == null) {
            return;
        }
        int p = local ? 0 : w.partition();
        if (p >= c.partitions.length) {
            c.grow(p + 1);
        }
        c.partitions[p] = Math.max(c.partitions[p], w.watermark());
        c.idle[p] = w.idle();
        c.dirty = true;
        apply(w.stream(), c, runtime);
    }

    private void apply(String stream, StreamClock c, CepRuntime runtime) {
        boolean allIdle = true;
        long least = Long.MAX_VALUE;
        for (int i = 0; i < c.partitions.length; i++) {
            if (!c.idle[i]) {
                allIdle = false;
                least = Math.min(least, c.partitions[i]);
            }
        }
        if (allIdle != c.streamIdle) {
            c.streamIdle = allIdle;
            runtime.setIdle(stream, allIdle);
        }
        if (!allIdle && least > c.applied) {
            c.applied = least;
            runtime.advanceWatermark(stream, least);
        }
    }

    /** Moves the watermark of every idle stream to {@code now} minus its lateness. */
    void onWallClock(long now, CepRuntime runtime) {
        streams.forEach((stream, c) -> {
            long target = now - c.lateness - 1;
            if (c.streamIdle && target > c.applied) {
                c.applied = target;
                c.dirty = true;
                runtime.advanceWatermark(stream, target);
            }
        });
    }

    /**
     * What a task's store holds for {@code stream} ({@code stored}: the value under the stream's name
     * in {@value #STORE}), for a reader other than the task: the watermark given to the runtime, whether
     * the stream is idle, and each source partition's watermark and idleness. Null when nothing is stored.
     */
    static PartialMatchQuery.StreamTime read(String stream, byte[] stored) {
        if (stored == null) {
            return null;
        }
        StreamClock c = new StreamClock(0, 0);
        c.decode(stored);
        List<PartialMatchQuery.PartitionTime> partitions = new ArrayList<>();
        for (int i = 0; i < c.partitions.length; i++) {
            partitions.add(new PartialMatchQuery.PartitionTime(i, c.partitions[i], c.idle[i]));
        }
        return new PartialMatchQuery.StreamTime(stream, c.applied, c.streamIdle, partitions);
    }

    /** The watermark given to the runtime per stream. */
    Map<String, Long> watermarks() {
        Map<String, Long> w = new LinkedHashMap<>();
        streams.forEach((s, c) -> w.put(s, c.applied));
        return w;
    }

    /** Writes what changed to the store. */
    void flush() {
        streams.forEach((s, c) -> {
            if (c.dirty) {
                store.put(s, c.encode());
                c.dirty = false;
            }
        });
        store.flush();
    }
}
