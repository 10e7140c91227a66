package io.cronwheel.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The child processes of one run. None outlives the driver: a shutdown hook kills whatever still runs if the driver
 * is stopped, and {@link #close} stops the rest (SIGTERM, then SIGKILL) at the end of the run.
 */
final class Children implements AutoCloseable {
    private final List<Child> children = new ArrayList<>();
    private final Thread killer = new Thread(this::killAll, "kill-children");

    Children() {
        Runtime.getRuntime().addShutdownHook(killer);
    }

    synchronized Child add(Child child) {
        children.add(child);
        return child;
    }

    private synchronized void killAll() {
        for (Child child : children) {
            if (child.alive()) {
                child.process.destroyForcibly();
            }
        }
    }

    /** Stops the children still running and removes the hook. */
    @Override
    public synchronized void close() {
        for (Child child : children) {
            if (child.alive()) {
                child.stop(20);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }
}
