package io.cepheus.server.cli;

import java.util.concurrent.CountDownLatch;

/**
 * How {@code serve} ends: a JVM shutdown hook (run on SIGTERM and Ctrl-C) stops the node, then ends
 * the process with exit code 0, since a clean stop on request is a success (the JVM would report
 * 128 + the signal's number); 3 if stopping failed. Every resource is closed when the hook halts
 * the JVM.
 */
final class ProcessShutdown {

    private final Thread hook;
    private final CountDownLatch done = new CountDownLatch(1);

    private ProcessShutdown(Runnable stop) {
        this.hook = new Thread(() -> {
            int code = ExitCodes.INTERNAL;
            try {
                stop.run();
                code = ExitCodes.OK;
            } catch (RuntimeException | Error e) {
                System.err.println("cepheus serve: the shutdown failed: " + e);
                e.printStackTrace();
            } finally {
                done.countDown();
                Runtime.getRuntime().halt(code);
            }
        }, "cepheus-shutdown");
    }

    /** Registers {@code stop} to run when the process is asked to end. */
    static ProcessShutdown onSignal(Runnable stop) {
        ProcessShutdown s = new ProcessShutdown(stop);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** Unregisters the hook, so that an exit with another code keeps it. Harmless once shutdown has begun. */
    void cancel() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway; nothing to undo
        }
    }

    /** Blocks until the hook has stopped the node (the hook then ends the process). */
    void awaitSignal() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
