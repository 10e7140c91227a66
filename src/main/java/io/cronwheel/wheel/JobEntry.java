package io.cronwheel.wheel;

import io.cronwheel.cron.CronSchedule;
import io.cronwheel.model.Job;
import java.util.ArrayDeque;

/**
 * A scheduled job inside its partition: the wheel node for its next fire, plus the fires already staged for the
 * look-ahead window (oldest first). Replaced by a new entry whenever the job changes.
 */
final class JobEntry extends WheelEntry {
  final Job job;
  final CronSchedule schedule;
  final ArrayDeque<StagedFire> staged;

  JobEntry(Job job, CronSchedule schedule, ArrayDeque<StagedFire> staged) {
    this.job = job;
    this.schedule = schedule;
    this.staged = staged;
  }

  boolean firesAt(long epochSecond) {
    return schedule.nextFireAfter(epochSecond - 1) == epochSecond;
  }
}
