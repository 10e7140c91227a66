package io.cronwheel.bench.gatling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The JSON bodies of the simulation's requests. Job {@code i} always gets the same body for a given run tag and
 * start time (its random choices are seeded with {@code i}), so runs are comparable.
 *
 * <p>Names are {@code <runTag>-team<i % 10>-job-<i>}: ten "teams" whose jobs are interleaved in creation order, which
 * the list phase filters on by name prefix. One job in five is AT_MOST_ONCE. Every job's target is on 127.0.0.1,
 * though no job fires during the run (see {@link QuietSchedules}).
 */
final class JobBodies {
    static final int TEAMS = 10;
    /** Jobs with {@code (i / 10) % 10 == 0}, one in ten of every team, are paused by their patch. */
    static final int PAUSE_ONE_IN = 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ZoneId> ZONES = List.of(
                    "UTC",
                    "Europe/Paris",
                    "Europe/London",
                    "America/New_York",
                    "America/Los_Angeles",
                    "America/Sao_Paulo",
                    "Asia/Tokyo",
                    "Asia/Kolkata",
                    "Asia/Singapore",
                    "Australia/Sydney",
                    "Africa/Johannesburg",
                    "Pacific/Auckland")
            .stream()
            .map(ZoneId::of)
            .toList();
    private static final String[] METHODS = {"POST", "POST", "POST", "PUT", "GET"};
    private static final String[] MISFIRE = {"FIRE_ONCE", "FIRE_ONCE", "FIRE_ALL", "SKIP"};
    private static final String[] OVERLAP = {"ALLOW", "ALLOW", "SKIP", "QUEUE"};

    private final String runTag;
    private final QuietSchedules schedules;

    JobBodies(String runTag, QuietSchedules schedules) {
        this.runTag = runTag;
        this.schedules = schedules;
    }

    static int team(int i) {
        return i % TEAMS;
    }

    /** The name prefix shared by one team's jobs in this run. */
    String teamPrefix(int team) {
        return runTag + "-team" + team + "-";
    }

    String create(int i) {
        return create(teamPrefix(team(i)) + "job-" + i, i);
    }

    /** A job of the warm-up, named apart from the measured ones ({@code <runTag>-warmup-<n>}). */
    String warmUp(int n) {
        return create(runTag + "-warmup-" + n, n);
    }

    /**
     * The body of a bulk create: jobs {@code first} to {@code first + count - 1}, named {@code <runTag>-bulk-<i>} (apart
     * from the measured single creates), each as varied as a single create's.
     */
    String bulk(int first, int count) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode jobs = body.putArray("jobs");
        for (int i = first; i < first + count; i++) {
            jobs.add(job(runTag + "-bulk-" + i, i));
        }
        return body.toString();
    }

    private String create(String name, int i) {
        return job(name, i).toString();
    }

    private ObjectNode job(String name, int i) {
        SplittableRandom random = new SplittableRandom(i);
        ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
        ObjectNode job = JSON.createObjectNode()
                .put("name", name)
                .put("schedule", schedules.pick(zone, random))
                .put("timezone", zone.getId())
                .put("executionType", i % 5 == 0 ? "AT_MOST_ONCE" : "AT_LEAST_ONCE")
                .put("timeoutMs", 1_000 * (2 + random.nextInt(29)));
        ObjectNode target = job.putObject("target")
                .put("url", "http://127.0.0.1:9999/hooks/team" + team(i) + "/" + i)
                .put("method", METHODS[random.nextInt(METHODS.length)]);
        target.putObject("headers")
                .put("Authorization", "Bearer token-" + team(i))
                .put("X-Team", "team" + team(i));
        if (random.nextInt(3) == 0) {
            target.putObject("body")
                    .put("report", "nightly")
                    .put("team", team(i))
                    .put("job", i);
        }
        if (random.nextInt(4) == 0) {
            job.putObject("retry")
                    .put("maxAttempts", 5)
                    .put("initialDelayMs", 500)
                    .put("maxDelayMs", 30_000);
        }
        job.put("misfirePolicy", MISFIRE[random.nextInt(MISFIRE.length)]);
        job.put("overlapPolicy", OVERLAP[random.nextInt(OVERLAP.length)]);
        if (random.nextInt(10) == 0) {
            job.put("alertWebhook", "http://127.0.0.1:9999/alerts/team" + team(i));
        }
        return job;
    }

    /** A new schedule, timeout and header; one job in {@link #PAUSE_ONE_IN} is also paused. */
    String patch(int i) {
        SplittableRandom random = new SplittableRandom(~i);
        ZoneId zone = ZONES.get(new SplittableRandom(i).nextInt(ZONES.size()));
        ObjectNode patch = JSON.createObjectNode()
                .put("schedule", schedules.pick(zone, random))
                .put("timeoutMs", 1_000 * (2 + random.nextInt(29)));
        patch.putObject("target").putObject("headers").put("X-Revision", "2");
        if (pausedByPatch(i)) {
            patch.put("active", false);
        }
        return patch.toString();
    }

    static boolean pausedByPatch(int i) {
        return (i / TEAMS) % PAUSE_ONE_IN == 0;
    }
}
