package io.cronwheel.support;

import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Job;
import io.cronwheel.model.JobSpec;
import io.cronwheel.model.Target;
import java.time.Instant;
import java.util.UUID;

/** Test jobs with sensible defaults. */
public final class Jobs {
  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  private Jobs() {}

  public static Job job(String schedule, ExecutionType type) {
    JobSpec spec =
        JobSpec.of(
                "job-" + UUID.randomUUID(),
                schedule,
                new Target("http://127.0.0.1:1/hook", "POST", null, null))
            .withExecutionType(type);
    return new Job(UUID.randomUUID(), spec, true, null, CREATED, CREATED, 1);
  }

  public static Job with(Job job, JobSpec spec) {
    return job.next(spec, job.active(), job.deletedAt(), CREATED);
  }

  public static Job withSchedule(Job job, String schedule) {
    return with(job, job.spec().withSchedule(schedule));
  }

  public static Job paused(Job job) {
    return job.next(job.spec(), false, job.deletedAt(), CREATED);
  }
}
