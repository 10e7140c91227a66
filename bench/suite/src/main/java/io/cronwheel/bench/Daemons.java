package io.cronwheel.bench;

/** The samplers' and watchers' threads: daemons, so a stuck one never keeps the driver alive. */
final class Daemons {
    private Daemons() {}

    static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Interrupts {@code thread} and waits up to {@code joinMillis} for it to end. */
    static void stop(Thread thread, long joinMillis) {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(joinMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps until {@code epochMillis}; false if interrupted. */
    static boolean sleepUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return false;
            }
        }
        return true;
    }
}
