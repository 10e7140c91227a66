package io.cronwheel.bench.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * cronwheel's REST API under load: a warm-up ({@code -DwarmUpSeconds}, reported apart), then four phases that run
 * one after the other, each with the same number of virtual users ({@code -Dconcurrency}) that send their next request
 * as soon as the previous one answered (a closed model: the engine's sustainable throughput at that concurrency, and
 * the latency that goes with it):
 *
 * <ol>
 *   <li><b>create</b>: {@code -Djobs} jobs, {@code POST /api/v1/jobs}, realistic varied bodies (see {@link JobBodies});
 *   <li><b>read</b>: {@code -Dreads} {@code GET /api/v1/jobs/{id}} over the created jobs;
 *   <li><b>patch</b>: {@code -Dpatches} jobs changed once each with {@code If-Match: "1"} (new schedule, timeout,
 *       header; one in ten paused); every {@code -DstaleProbeEvery}-th is patched again with the stale version, which
 *       must answer 412;
 *   <li><b>list</b>: cursor walks through the listing, unfiltered, {@code active=false} and by name prefix.
 * </ol>
 *
 * Job {@code i} (0 to jobs-1) goes to virtual user {@code i % concurrency}, so each user has the same share. No job
 * fires during the run ({@link QuietSchedules}). Failed requests are counted, never retried; the one assertion (no
 * failed request) is a verdict for the report, and slowness never fails the run.
 *
 * <p>About 280 lines: Gatling builds a simulation from its constructor, so the warm-up and the four phases are
 * declared here together, one scenario each; what they send is in {@link JobBodies} and {@link ListWalker}.
 */
public class JobsApiSimulation extends Simulation {
    private final LoadSettings settings = LoadSettings.fromSystemProperties();
    private final JobBodies bodies = new JobBodies(settings.runTag(), new QuietSchedules(Instant.now()));
    private final CreatedJobs jobs = new CreatedJobs(settings.jobs());
    private final PhaseLog phases = new PhaseLog();
    private final ListWalks walks = new ListWalks();
    private final ListWalker walker = new ListWalker(bodies, walks, settings.pageSize(), settings.jobs());
    private final AtomicInteger warmUpJobs = new AtomicInteger();
    private final AtomicLong bulkCreated = new AtomicLong();

    private final HttpProtocolBuilder protocol = http.baseUrl(settings.baseUrl())
            .acceptHeader("application/json")
            .authorizationHeader("Bearer " + settings.token())
            .userAgentHeader("cronwheel-gatling")
            // Each GET must reach the engine: no answers from Gatling's cache, no If-None-Match from the ETags.
            .disableCaching()
            // By default Gatling warms up by calling gatling.io; all traffic here stays on 127.0.0.1.
            .disableWarmUp();

    {
        PopulationBuilder measured = phase("create", settings.jobs(), create())
                .andThen(phase("read", settings.reads(), read()))
                .andThen(phase("patch", settings.patches(), patch()))
                .andThen(listPhase());
        if (settings.bulkJobs() > 0) {
            measured = measured.andThen(bulkPhase());
        }
        setUp(settings.warmUpSeconds() > 0 ? warmUpPhase().andThen(measured) : measured)
                .protocols(protocol)
                .assertions(global().failedRequests().count().is(0L));
    }

    /**
     * Every endpoint of the measured phases, in a loop, until the JIT compilers of the engine and of Gatling are done:
     * the first 20-25 s of a fresh engine run at a fraction of its speed. Each iteration creates a job of its own,
     * reads, patches and deletes it; every tenth also lists a page including the deleted ones (100 jobs rendered, as
     * costly as ten other iterations). Deleted jobs stay out of the measured listings, which show only jobs not
     * deleted. All its requests are named "warm-up".
     */
    private PopulationBuilder warmUpPhase() {
        AtomicInteger iterations = new AtomicInteger();
        String job = "/api/v1/jobs/#{warmUpId}";
        return scenario("warm-up")
                .exec(session -> {
                    phases.userStarted("warm-up");
                    return session;
                })
                // exitASAP false: an iteration always ends with its DELETE, so no warm-up job is left in the listings.
                .during(Duration.ofSeconds(settings.warmUpSeconds()), false)
                .on(exec(session -> session.set("warmUpN", iterations.getAndIncrement()))
                        .exec(http("warm-up")
                                .post("/api/v1/jobs")
                                .body(StringBody(session -> bodies.warmUp(session.getInt("warmUpN"))))
                                .asJson()
                                .check(status().is(201), jsonPath("$.id").saveAs("warmUpId")))
                        .doIf(session -> session.contains("warmUpId"))
                        .then(exec(http("warm-up").get(job).check(status().is(200)))
                                .exec(http("warm-up")
                                        .patch(job)
                                        .header("If-Match", "\"1\"")
                                        .body(StringBody("{\"timeoutMs\": 7000}"))
                                        .asJson()
                                        .check(status().is(200)))
                                .exec(http("warm-up").delete(job).check(status().is(204)))
                                .doIf(session -> session.getInt("warmUpN") % 10 == 0)
                                .then(exec(http("warm-up")
                                        .get("/api/v1/jobs")
                                        .queryParam("limit", settings.pageSize())
                                        .queryParam("deleted", "true")
                                        .check(status().is(200)))))
                        .exec(session -> {
                            if (session.contains("warmUpId")) {
                                warmUpJobs.incrementAndGet();
                            }
                            return session.remove("warmUpId");
                        }))
                .exec(session -> {
                    phases.userFinished("warm-up");
                    return session;
                })
                .injectOpen(atOnceUsers(settings.concurrency()));
    }

    private ChainBuilder create() {
        return exec(http("create")
                        .post("/api/v1/jobs")
                        .body(StringBody(session -> bodies.create(index(session))))
                        .asJson()
                        .check(
                                status().is(201),
                                jsonPath("$.id").saveAs("id"),
                                jsonPath("$.version").ofInt().saveAs("version")))
                .exec(session -> {
                    if (session.contains("id")) {
                        jobs.created(index(session), session.getString("id"), session.getInt("version"));
                    }
                    return session.remove("id").remove("version");
                });
    }

    private ChainBuilder read() {
        return exec(http("read")
                .get(session -> path(session))
                .check(status().is(200), header("ETag").exists()));
    }

    private ChainBuilder patch() {
        return exec(http("patch")
                        .patch(session -> path(session))
                        .header("If-Match", session -> "\"" + jobs.version(index(session)) + "\"")
                        .body(StringBody(session -> bodies.patch(index(session))))
                        .asJson()
                        .check(status().is(200), jsonPath("$.version").ofInt().saveAs("version")))
                .exec(session -> {
                    if (session.contains("version")) {
                        jobs.patched(index(session), session.getInt("version"));
                    }
                    return session.remove("version");
                })
                .doIf(session -> index(session) % settings.staleProbeEvery() == 0 && jobs.version(index(session)) > 1)
                .then(exec(http("patch stale version (412)")
                        .patch(session -> path(session))
                        .header("If-Match", session -> "\"" + (jobs.version(index(session)) - 1) + "\"")
                        .body(StringBody("{\"timeoutMs\": 5000}"))
                        .asJson()
                        .check(status().is(412))));
    }

    /** The job this iteration works on. */
    private int index(Session session) {
        return session.getInt("i") % settings.jobs();
    }

    private String path(Session session) {
        return "/api/v1/jobs/" + jobs.id(index(session));
    }

    /**
     * {@code total} iterations shared by {@code concurrency} users: user {@code w} runs {@code step} for i = w,
     * w + concurrency, ... Jobs whose create failed are skipped by the later phases.
     */
    private PopulationBuilder phase(String name, int total, ChainBuilder step) {
        int users = settings.concurrency();
        AtomicInteger workers = new AtomicInteger();
        boolean needsJob = !name.equals("create");
        return scenario(name)
                .exec(session -> {
                    phases.userStarted(name);
                    return session.set("worker", workers.getAndIncrement());
                })
                .repeat(session -> share(total, users, session.getInt("worker")), "n")
                .on(exec(session -> session.set("i", session.getInt("n") * users + session.getInt("worker")))
                        .doIf(session -> !needsJob || jobs.id(index(session)) != null)
                        .then(step))
                .exec(session -> {
                    phases.userFinished(name);
                    return session;
                })
                .injectOpen(atOnceUsers(users));
    }

    private static int share(int total, int users, int worker) {
        return total / users + (worker < total % users ? 1 : 0);
    }

    /**
     * The last phase: {@code bulkJobs} more jobs through {@code POST /api/v1/jobs/bulk}, {@link LoadSettings#BULK_BATCH}
     * a request, {@code bulkConcurrency} requests in flight. Every item must answer 201.
     */
    private PopulationBuilder bulkPhase() {
        int batch = LoadSettings.BULK_BATCH;
        int requests = (settings.bulkJobs() + batch - 1) / batch;
        int users = Math.min(settings.bulkConcurrency(), requests);
        AtomicInteger workers = new AtomicInteger();
        return scenario("bulk")
                .exec(session -> {
                    phases.userStarted("bulk");
                    return session.set("worker", workers.getAndIncrement());
                })
                .repeat(session -> share(requests, users, session.getInt("worker")), "n")
                .on(exec(session -> {
                            int first = (session.getInt("n") * users + session.getInt("worker")) * batch;
                            return session.set("first", first)
                                    .set("count", Math.min(batch, settings.bulkJobs() - first));
                        })
                        .exec(http("bulk create")
                                .post("/api/v1/jobs/bulk")
                                .body(StringBody(
                                        session -> bodies.bulk(session.getInt("first"), session.getInt("count"))))
                                .asJson()
                                .check(
                                        status().is(200),
                                        jsonPath("$.items[?(@.status == 201)]")
                                                .count()
                                                .saveAs("stored")))
                        .exec(session -> {
                            int stored = session.contains("stored") ? session.getInt("stored") : 0;
                            bulkCreated.addAndGet(stored);
                            return session.remove("stored");
                        }))
                .exec(session -> {
                    phases.userFinished("bulk");
                    return session;
                })
                .injectOpen(atOnceUsers(users));
    }

    private PopulationBuilder listPhase() {
        AtomicInteger workers = new AtomicInteger();
        return scenario("list")
                .exec(session -> {
                    phases.userStarted("list");
                    return walker.start(session, workers.getAndIncrement());
                })
                .asLongAs(walker::hasBudget)
                .on(exec(http("#{" + ListWalker.KIND + "}")
                                .get("/api/v1/jobs")
                                .queryParamMap(walker::query)
                                .check(
                                        status().is(200),
                                        jsonPath("$.items[*].id").count().saveAs(ListWalker.PAGE_ITEMS),
                                        jsonPath("$.next").ofObject().optional().saveAs(ListWalker.NEXT)))
                        .exec(walker::advance))
                .exec(session -> {
                    phases.userFinished("list");
                    return walker.finish(session);
                })
                .injectOpen(atOnceUsers(settings.listWalkers()));
    }

    /**
     * What a complete walk of each filter must return, by filter as {@link ListWalks} records it: every created job,
     * the jobs a successful patch paused, and each team's created jobs.
     */
    private Map<String, Integer> expectedListItems() {
        int[] perTeam = new int[JobBodies.TEAMS];
        int paused = 0;
        for (int i = 0; i < settings.jobs(); i++) {
            if (jobs.id(i) != null) {
                perTeam[JobBodies.team(i)]++;
                if (jobs.version(i) > 1 && JobBodies.pausedByPatch(i)) {
                    paused++;
                }
            }
        }
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("", jobs.count());
        expected.put("active=false", paused);
        for (int team = 0; team < JobBodies.TEAMS; team++) {
            expected.put("name=" + bodies.teamPrefix(team), perTeam[team]);
        }
        return expected;
    }

    @Override
    public void after() {
        Map<String, Object> extra = new LinkedHashMap<>();
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("baseUrl", settings.baseUrl());
        used.put("jobs", settings.jobs());
        used.put("concurrency", settings.concurrency());
        used.put("reads", settings.reads());
        used.put("patches", settings.patches());
        used.put("staleProbeEvery", settings.staleProbeEvery());
        used.put("warmUpSeconds", settings.warmUpSeconds());
        used.put("pageSize", settings.pageSize());
        used.put("listWalkers", settings.listWalkers());
        used.put("runTag", settings.runTag());
        used.put("bulkJobs", settings.bulkJobs());
        used.put("bulkConcurrency", settings.bulkConcurrency());
        extra.put("settings", used);
        extra.put("createdJobs", jobs.count());
        extra.put("warmUpJobs", warmUpJobs.get());
        extra.put("bulkCreatedJobs", bulkCreated.get());
        extra.put("expectedListItems", expectedListItems());
        extra.put("listWalks", walks.all());
        try {
            phases.write(settings.phasesFile(), extra);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
