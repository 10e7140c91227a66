package io.cronwheel.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Runs {@code count} asynchronous requests, {@code action(i)} for i in [0, count), with at most {@code concurrency}
 * in flight: each answer sends the next request. Bounded: gives up after {@code limitSeconds}.
 */
final class InFlight {
    /** A request that failed, by index. */
    record Failure(int index, Throwable cause) {}

    /** How many failed, the first few of them, and how long it all took. */
    record Outcome(int failures, List<Failure> firstFailures, double seconds) {}

    private static final int FAILURES_KEPT = 5;

    private InFlight() {}

    static Outcome run(
            Vertx vertx, String what, int count, int concurrency, long limitSeconds, IntFunction<Future<?>> action)
            throws InterruptedException {
        int[] next = {0};
        int[] failures = {0};
        List<Failure> first = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(count);
        Runnable[] pump = new Runnable[1];
        // Everything below runs on one event loop of the client, so the counters need no synchronisation.
        pump[0] = () -> {
            int i = next[0]++;
            if (i >= count) {
                return;
            }
            Future<?> sent;
            try {
                sent = action.apply(i);
            } catch (RuntimeException e) {
                sent = Future.failedFuture(e);
            }
            sent.onComplete(ar -> {
                if (ar.failed()) {
                    failures[0]++;
                    if (first.size() < FAILURES_KEPT) {
                        first.add(new Failure(i, ar.cause()));
                    }
                }
                done.countDown();
                pump[0].run();
            });
        };
        long begin = System.nanoTime();
        vertx.runOnContext(v -> {
            for (int k = 0; k < Math.min(concurrency, count); k++) {
                pump[0].run();
            }
        });
        if (!done.await(limitSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException(what + ": " + done.getCount() + " of " + count
                    + " requests unanswered after " + limitSeconds + " s");
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        return new Outcome(failures[0], List.copyOf(first), seconds);
    }
}
