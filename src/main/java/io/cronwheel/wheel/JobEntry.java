package io.cronwheel.wheel;

import io.cronwheel.cron.CronSchedule;
import io.cronwheel.model.Job;

/**
 * A scheduled job inside its partition: the wheel node for its next fire, the job's current
 * definition, and its {@link JobRuntime}. Replaced by a new entry (sharing the runtime) whenever
 * the job changes.
 */
final class JobEntry extends WheelEntry {
  final Job job;
  final CronSchedule schedule;
  final JobRuntime runtime;

  JobEntry(Job job, CronSchedule schedule, JobRuntime runtime) {
    this.job = job;
    this.schedule = schedule;
    this.runtime = runtime;
  }

  boolean firesAt(long epochSecond) {
    return schedule.nextFireAfter(epochSecond - 1) == epochSecond;
  }
}
