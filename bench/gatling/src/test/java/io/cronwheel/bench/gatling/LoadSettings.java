package io.cronwheel.bench.gatling;

import java.nio.file.Path;
import java.time.Instant;

/**
 * The simulation's parameters, read from system properties ({@code mvn gatling:test -Djobs=2000 ...}).
 *
 * @param baseUrl the engine's API, e.g. {@code http://127.0.0.1:8080}
 * @param token the bearer token every request carries (the engine's {@code CRONWHEEL_ADMIN_TOKEN})
 * @param jobs jobs to create (one POST each)
 * @param reads GET /api/v1/jobs/{id} requests, spread over the created jobs
 * @param patches PATCH requests, one per job at most (each job is patched once, from version 1 to 2)
 * @param concurrency virtual users in every phase, each sending its next request when the previous one answered
 * @param pageSize {@code limit} of the list requests
 * @param listWalkers virtual users of the list phase; each walks listings page by page (cursor), restarting at
 *     the first page after the last, until it has fetched as many pages as one walk through all jobs takes
 * @param staleProbeEvery every n-th patched job gets a second PATCH with its old version, which must answer 412
 * @param warmUpSeconds how long the warm-up runs before the measured phases (0: none)
 * @param runTag prefix of every job name, unique per run so names never collide with an earlier run's jobs
 * @param bulkJobs jobs registered by the last phase through {@code POST /api/v1/jobs/bulk}, 1,000 a request (0: no
 *     such phase)
 * @param bulkConcurrency bulk requests in flight
 * @param phasesFile where the simulation writes each phase's wall-clock window (JSON) for the report
 */
record LoadSettings(
        String baseUrl,
        String token,
        int jobs,
        int reads,
        int patches,
        int concurrency,
        int pageSize,
        int listWalkers,
        int staleProbeEvery,
        int warmUpSeconds,
        String runTag,
        int bulkJobs,
        int bulkConcurrency,
        Path phasesFile) {

    static final int DEFAULT_JOBS = 100_000;
    static final int DEFAULT_CONCURRENCY = 16;
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int DEFAULT_STALE_PROBE_EVERY = 50;
    /** Long enough for the JIT compilers of the engine and of Gatling: creates reach full speed after about 25 s. */
    static final int DEFAULT_WARM_UP_SECONDS = 30;
    /** Jobs per bulk request: the API's most. */
    static final int BULK_BATCH = 1000;

    static final int DEFAULT_BULK_CONCURRENCY = 4;

    static LoadSettings fromSystemProperties() {
        int jobs = positive("jobs", DEFAULT_JOBS);
        int concurrency = positive("concurrency", DEFAULT_CONCURRENCY);
        int patches = Math.min(jobs, positive("patches", jobs));
        String runTag =
                System.getProperty("runTag", "gl" + Long.toString(Instant.now().getEpochSecond(), 36));
        return new LoadSettings(
                System.getProperty("baseUrl", "http://127.0.0.1:8080"),
                System.getProperty("token", ""),
                jobs,
                positive("reads", jobs),
                patches,
                concurrency,
                positive("pageSize", DEFAULT_PAGE_SIZE),
                positive("listWalkers", concurrency),
                positive("staleProbeEvery", DEFAULT_STALE_PROBE_EVERY),
                Math.max(0, Integer.getInteger("warmUpSeconds", DEFAULT_WARM_UP_SECONDS)),
                runTag,
                Math.max(0, Integer.getInteger("bulkJobs", 0)),
                positive("bulkConcurrency", DEFAULT_BULK_CONCURRENCY),
                Path.of(System.getProperty("phasesFile", "target/phases.json")));
    }

    private static int positive(String name, int defaultValue) {
        int value = Integer.getInteger(name, defaultValue);
        if (value < 1) {
            throw new IllegalArgumentException("-D" + name + " must be at least 1, not " + value);
        }
        return value;
    }
}
