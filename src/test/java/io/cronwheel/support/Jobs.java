package io.cronwheel.support;

import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Job;
import io.cronwheel.model.RetryPolicy;
import io.cronwheel.model.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/** Test jobs with sensible defaults. */
public final class Jobs {
  private Jobs() {}

  public static Job job(String schedule, ExecutionType type) {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    return new Job(UUID.randomUUID(), "job-" + UUID.randomUUID(), schedule, ZoneId.of("UTC"), type,
        new Target("http://127.0.0.1:1/hook", "POST", null, null), Duration.ofSeconds(5), RetryPolicy.DEFAULT, true,
        null, created, created, 1);
  }

  public static Job withSchedule(Job job, String schedule) {
    return new Job(job.id(), job.name(), schedule, job.timezone(), job.executionType(), job.target(), job.timeout(),
        job.retry(), job.active(), job.deletedAt(), job.createdAt(), job.updatedAt(), job.version() + 1);
  }

  public static Job paused(Job job) {
    return new Job(job.id(), job.name(), job.schedule(), job.timezone(), job.executionType(), job.target(),
        job.timeout(), job.retry(), false, job.deletedAt(), job.createdAt(), job.updatedAt(), job.version() + 1);
  }
}
