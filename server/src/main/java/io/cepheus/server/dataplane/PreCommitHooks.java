package io.cepheus.server.dataplane;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * What each task's CEP processor wants done just before Kafka Streams commits the task: write the
 * runtime's dirty state into its store ({@link PreCommitStore} runs the hook of its task and store).
 * One per topology; shared by the stream threads, each task's entry used by its own thread.
 */
final class PreCommitHooks {

    private record Slot(TaskId task, String store) {}

    private final Map<Slot, Runnable> hooks = new ConcurrentHashMap<>();

    /**
     * Sets the hook of {@code store} in {@code task}, first running the one it replaces: a processor
     * re-initialised over a suspended task's open store must not drop its predecessor's state.
     */
    void register(TaskId task, String store, Runnable hook) {
        Runnable previous = hooks.put(new Slot(task, store), hook);
        if (previous != null) {
            previous.run();
        }
    }

    /** Runs the hook of {@code store} in {@code task}, if one is set. */
    void run(TaskId task, String store) {
        Runnable hook = hooks.get(new Slot(task, store));
        if (hook != null) {
            hook.run();
        }
    }

    /** Forgets the hook of {@code store} in {@code task} (the store closed: what it held is gone or committed). */
    void remove(TaskId task, String store) {
        hooks.remove(new Slot(task, store));
    }
}
