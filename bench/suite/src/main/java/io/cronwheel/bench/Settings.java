package io.cronwheel.bench;

import java.util.List;

/** Everything a throughput run needs besides its load (jobs, warm-up, duration). */
record Settings(
        Launch launch, Database db, EngineSetup engine, ReceiverSetup receiver, Workload workload, Targets targets) {

    /** The receiver's process: its port, event loops and JVM options. */
    record ReceiverSetup(int port, int eventLoops, List<String> jvm) {}

    /**
     * How the jobs are registered and the run ends.
     *
     * @param jobTimeoutMs the jobs' {@code timeoutMs}, null for the engine's default
     * @param stopMode "sigterm", or "pause" (pause every job and wait for quiet first)
     * @param countIntervalSeconds an exact {@code count(*)} of {@code executions} this often, 0 = never
     */
    record Workload(
            double amoFraction,
            int registerConcurrency,
            Integer jobTimeoutMs,
            String stopMode,
            int drainWaitSeconds,
            int countIntervalSeconds) {

        /** Whether job {@code index} is at-most-once: spreads {@code amoFraction} of the jobs evenly over the indexes. */
        boolean isAmo(int index) {
            return Math.floor((index + 1) * amoFraction) - Math.floor(index * amoFraction) >= 1;
        }
    }

    /** The target a run is judged by, and the sweep's ceiling criterion (receive p99 below {@code ceilingP99Ms}). */
    record Targets(double firesPerSecond, double p99Ms, double p999Ms, double ceilingP99Ms) {}
}
