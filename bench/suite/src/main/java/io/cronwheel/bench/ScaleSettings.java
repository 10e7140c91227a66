package io.cronwheel.bench;

/**
 * Everything one scale run needs: where things are, the job mix and the measurement, and the two targets.
 *
 * @param keepDb whether the database stays after the run (default: dropped, it holds a million jobs)
 * @param engine the engine's JVM options: empty means the JVM's own defaults (the measured configuration)
 */
record ScaleSettings(Launch launch, Database db, boolean keepDb, EngineSetup engine, Load load, Targets targets) {

    /**
     * The jobs and what is measured while they are loaded.
     *
     * @param receiverPort the receiver of the every-second jobs (drift and missed fires are measured there)
     * @param backgroundPort a second receiver for the minutely and daily jobs, so their fires do not mix with the
     *     every-second jobs' drift
     * @param durationSeconds the window after the load: fires and API requests while loaded
     */
    record Load(
            JobMix mix, int receiverPort, int backgroundPort, int durationSeconds, int startupLimitSeconds, Api api) {}

    /** The API requests while loaded: how many of each kind, how many in flight, the list's page size. */
    record Api(int requests, int concurrency, int listLimit) {}

    record Targets(double heapMib, double startupSeconds) {}

    JobMix mix() {
        return load.mix();
    }
}
