package io.cronwheel.alert;

import static io.cronwheel.model.AlertType.JOB_FAILING;
import static io.cronwheel.model.AlertType.JOB_RESOLVED;
import static io.cronwheel.model.AlertType.JOB_STILL_FAILING;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.Job;
import io.cronwheel.model.JobSpec;
import io.cronwheel.model.Target;
import io.cronwheel.model.Trigger;
import io.cronwheel.support.ManualClock;
import io.cronwheel.support.ManualTimers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The episode tracker in virtual time: which alerts a job's executions raise, and when. */
class AlertTrackerTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofMinutes(1);
  private static final String WEBHOOK = "http://127.0.0.1:9/alerts";

  private final ManualClock clock = new ManualClock(START);
  private final ManualTimers timers = new ManualTimers(clock);
  private final ConcurrentLinkedQueue<NewAlert> raised = new ConcurrentLinkedQueue<>();
  private final AtomicInteger notTracked = new AtomicInteger();
  private final EngineEvents events =
      new EngineEvents() {
        @Override
        public void alertNotTracked() {
          notTracked.incrementAndGet();
        }
      };

  private AlertTracker tracker(int maxEpisodes, Optional<String> globalWebhook) {
    AlertTracker tracker =
        new AlertTracker(
            new AlertSettings(
                INTERVAL,
                Duration.ofHours(24),
                16,
                maxEpisodes,
                Duration.ofSeconds(1),
                Duration.ofSeconds(60)),
            globalWebhook,
            clock,
            events,
            raised::add);
    tracker.start(timers);
    return tracker;
  }

  private AlertTracker tracker() {
    return tracker(1000, Optional.empty());
  }

  private static Job job(String webhook) {
    JobSpec spec =
        new JobSpec(
            "job-" + UUID.randomUUID(),
            "* * * * * *",
            null,
            null,
            new Target("http://127.0.0.1:1/hook", null, null, null),
            null,
            null,
            null,
            null,
            null,
            webhook);
    return new Job(UUID.randomUUID(), spec, true, null, START, START, 1);
  }

  private Execution run(Job job, ExecutionStatus status) {
    Instant now = clock.now();
    boolean failed = status == ExecutionStatus.FAILED;
    return new Execution(
        UUID.randomUUID(),
        job.id(),
        now,
        now,
        0L,
        status,
        failed ? 503 : 200,
        5L,
        1,
        failed ? "HTTP 503" : null,
        Trigger.SCHEDULED);
  }

  /** One execution a second, starting now, each completing as it is due. */
  private void everySecond(AlertTracker tracker, Job job, ExecutionStatus status, int seconds) {
    for (int i = 0; i < seconds; i++) {
      tracker.completed(job, run(job, status));
      timers.advance(Duration.ofSeconds(1));
    }
  }

  private List<NewAlert> alerts() {
    return List.copyOf(raised);
  }

  private long secondsFromStart(NewAlert alert) {
    return (alert.createdAtMillis() - START.toEpochMilli()) / 1000;
  }

  @Test
  void firstFailure_raisesJobFailingAtOnce() {
    AlertTracker tracker = tracker();
    Job job = job(WEBHOOK);
    Execution failure = run(job, ExecutionStatus.FAILED);
    tracker.completed(job, failure);

    assertThat(alerts()).hasSize(1);
    NewAlert alert = alerts().get(0);
    assertThat(alert.type()).isEqualTo(JOB_FAILING);
    assertThat(alert.jobId()).isEqualTo(job.id());
    assertThat(alert.jobName()).isEqualTo(job.name());
    assertThat(alert.webhook()).isEqualTo(WEBHOOK);
    assertThat(alert.failures()).isEqualTo(1);
    assertThat(alert.totalFailures()).isEqualTo(1);
    assertThat(alert.failingSinceMillis()).isEqualTo(START.toEpochMilli());
    assertThat(alert.lastExecution()).isEqualTo(failure);
    assertThat(alert.resolvedAtMillis()).isNull();
    assertThat(alert.payload().getJsonObject("lastExecution").getString("error"))
        .isEqualTo("HTTP 503");
  }

  @Test
  void failuresGoingOn_areToldAtMostOncePerIntervalWithTheirCounts() {
    AlertTracker tracker = tracker();
    Job job = job(WEBHOOK);
    everySecond(tracker, job, ExecutionStatus.FAILED, 185);

    assertThat(alerts())
        .extracting(NewAlert::type)
        .containsExactly(JOB_FAILING, JOB_STILL_FAILING, JOB_STILL_FAILING, JOB_STILL_FAILING);
    assertThat(alerts()).extracting(this::secondsFromStart).containsExactly(0L, 60L, 120L, 180L);
    assertThat(alerts()).extracting(NewAlert::failures).containsExactly(1, 59, 60, 60);
    assertThat(alerts()).extracting(NewAlert::totalFailures).containsExactly(1L, 60L, 120L, 180L);
    assertThat(alerts())
        .extracting(NewAlert::failingSinceMillis)
        .containsOnly(START.toEpochMilli());
  }

  @Test
  void successAfterFailures_raisesJobResolvedAtOnceWithTheTotals() {
    AlertTracker tracker = tracker();
    Job job = job(WEBHOOK);
    everySecond(tracker, job, ExecutionStatus.FAILED, 10);
    Execution success = run(job, ExecutionStatus.SUCCEEDED);
    tracker.completed(job, success);

    assertThat(alerts()).extracting(NewAlert::type).containsExactly(JOB_FAILING, JOB_RESOLVED);
    NewAlert resolved = alerts().get(1);
    assertThat(resolved.failures()).as("failures since the previous alert").isEqualTo(9);
    assertThat(resolved.totalFailures()).isEqualTo(10);
    assertThat(resolved.resolvedAtMillis()).isEqualTo(START.plusSeconds(10).toEpochMilli());
    assertThat(resolved.lastExecution()).isEqualTo(success);
    assertThat(resolved.payload().getString("resolvedAt")).isEqualTo("2026-01-01T00:00:10Z");

    everySecond(tracker, job, ExecutionStatus.SUCCEEDED, 100);
    assertThat(alerts()).hasSize(2);
    assertThat(tracker.episodes()).as("a healthy job keeps no state after an interval").isZero();
  }

  @Test
  void healthyJobs_raiseNothingAndKeepNoState() {
    AlertTracker tracker = tracker();
    for (int i = 0; i < 1000; i++) {
      Job job = job(WEBHOOK);
      tracker.completed(job, run(job, ExecutionStatus.SUCCEEDED));
    }
    assertThat(alerts()).isEmpty();
    assertThat(tracker.episodes()).isZero();
  }

  @Test
  void skippedAndMissedSeconds_raiseNothing() {
    AlertTracker tracker = tracker();
    Job job = job(WEBHOOK);
    tracker.completed(job, run(job, ExecutionStatus.SKIPPED));
    tracker.completed(job, run(job, ExecutionStatus.MISSED));
    assertThat(alerts()).isEmpty();
    assertThat(tracker.episodes()).isZero();
  }

  @Test
  void heldFailuresOfAJobThatStopsFiring_areToldByTheSweepOneIntervalLater() {
    AlertTracker tracker = tracker();
    Job job = job(WEBHOOK);
    tracker.completed(job, run(job, ExecutionStatus.FAILED));
    timers.advance(Duration.ofSeconds(10));
    tracker.completed(job, run(job, ExecutionStatus.FAILED));
    timers.advance(Duration.ofSeconds(10));
    tracker.completed(job, run(job, ExecutionStatus.FAILED));
    timers.advance(Duration.ofMinutes(5));

    assertThat(alerts()).extracting(NewAlert::type).containsExactly(JOB_FAILING, JOB_STILL_FAILING);
    NewAlert told = alerts().get(1);
    assertThat(secondsFromStart(told)).isEqualTo(60);
    assertThat(told.failures()).isEqualTo(2);
    assertThat(told.totalFailures()).isEqualTo(3);
  }

  @Test
  void flappingJob_getsAtMostTwoAlertsPerIntervalAndEveryFailureCounted() {
    AlertTracker tracker = tracker();
    Job job = job(WEBHOOK);
    for (int i = 0; i < 300; i++) {
      tracker.completed(job, run(job, ExecutionStatus.FAILED));
      timers.advance(Duration.ofSeconds(1));
      tracker.completed(job, run(job, ExecutionStatus.SUCCEEDED));
      timers.advance(Duration.ofSeconds(1));
    }
    timers.advance(Duration.ofMinutes(2));

    List<NewAlert> alerts = alerts();
    assertThat(alerts.size()).isLessThanOrEqualTo(2 * (1 + 600 / 60));
    assertThat(alerts.stream().mapToInt(NewAlert::failures).sum()).isEqualTo(300);
    assertThat(alerts.get(alerts.size() - 1).type()).isEqualTo(JOB_RESOLVED);
    for (int i = 2; i < alerts.size(); i++) {
      assertThat(alerts.get(i).createdAtMillis() - alerts.get(i - 2).createdAtMillis())
          .as("any two alerts but one are an interval apart")
          .isGreaterThanOrEqualTo(INTERVAL.toMillis());
    }
  }

  @Test
  void trackerAtItsBound_raisesNothingForAFurtherJobAndCountsIt() {
    AlertTracker tracker = tracker(2, Optional.empty());
    Job first = job(WEBHOOK);
    Job second = job(WEBHOOK);
    Job third = job(WEBHOOK);
    tracker.completed(first, run(first, ExecutionStatus.FAILED));
    tracker.completed(second, run(second, ExecutionStatus.FAILED));
    tracker.completed(third, run(third, ExecutionStatus.FAILED));

    assertThat(alerts()).extracting(NewAlert::jobId).containsExactly(first.id(), second.id());
    assertThat(tracker.episodes()).isEqualTo(2);
    assertThat(notTracked.get()).isEqualTo(1);

    tracker.completed(first, run(first, ExecutionStatus.SUCCEEDED));
    timers.advance(INTERVAL.plusSeconds(15));
    tracker.completed(third, run(third, ExecutionStatus.FAILED));
    assertThat(alerts())
        .extracting(NewAlert::jobId)
        .as("room again once the resolved episode is retired")
        .endsWith(third.id());
  }

  @Test
  void restoredEpisode_goesOnWithoutASecondJobFailingAndResolves() {
    AlertTracker tracker = tracker();
    Job job = job(WEBHOOK);
    long since = START.minusSeconds(3600).toEpochMilli();
    tracker.restore(
        List.of(
            new AlertTracker.OpenEpisode(
                job.id(), since, 42, START.minusSeconds(10).toEpochMilli())));
    everySecond(tracker, job, ExecutionStatus.FAILED, 55);
    tracker.completed(job, run(job, ExecutionStatus.SUCCEEDED));

    assertThat(alerts())
        .extracting(NewAlert::type)
        .containsExactly(JOB_STILL_FAILING, JOB_RESOLVED);
    assertThat(alerts()).extracting(NewAlert::failingSinceMillis).containsOnly(since);
    assertThat(alerts().get(1).totalFailures()).isEqualTo(42 + 55);
  }

  @Test
  void episodeWithoutFailuresForTheIdleLimit_isForgotten() {
    AlertTracker tracker = tracker();
    Job job = job(WEBHOOK);
    tracker.completed(job, run(job, ExecutionStatus.FAILED));
    timers.advance(AlertTracker.IDLE_LIMIT.plusMinutes(1));
    assertThat(tracker.episodes()).isZero();

    tracker.completed(job, run(job, ExecutionStatus.FAILED));
    assertThat(alerts()).extracting(NewAlert::type).containsExactly(JOB_FAILING, JOB_FAILING);
  }

  @Test
  void webhook_isTheJobsOwnElseTheGlobalOneElseThereIsNoAlert() {
    AlertTracker withoutGlobal = tracker();
    Job silent = job(null);
    withoutGlobal.completed(silent, run(silent, ExecutionStatus.FAILED));
    assertThat(alerts()).isEmpty();
    assertThat(withoutGlobal.episodes()).isZero();

    AlertTracker withGlobal = tracker(10, Optional.of("http://127.0.0.1:9/global"));
    Job own = job(WEBHOOK);
    withGlobal.completed(silent, run(silent, ExecutionStatus.FAILED));
    withGlobal.completed(own, run(own, ExecutionStatus.FAILED));
    assertThat(alerts())
        .extracting(NewAlert::webhook)
        .containsExactly("http://127.0.0.1:9/global", WEBHOOK);
  }

  @Test
  void completionsFromSeveralLoopsWhileSweeping_keepOneEpisodePerJobAndCountEveryFailure()
      throws Exception {
    AlertTracker tracker = tracker(10_000, Optional.empty());
    int loops = 4;
    int jobsPerLoop = 250;
    int failuresPerJob = 50;
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < loops * jobsPerLoop; i++) {
      jobs.add(job(WEBHOOK));
    }
    List<Thread> threads = new ArrayList<>();
    for (int loop = 0; loop < loops; loop++) {
      List<Job> mine = jobs.subList(loop * jobsPerLoop, (loop + 1) * jobsPerLoop);
      Thread thread =
          new Thread(
              () -> {
                for (int f = 0; f < failuresPerJob; f++) {
                  for (Job job : mine) {
                    tracker.completed(job, run(job, ExecutionStatus.FAILED));
                  }
                }
              });
      threads.add(thread);
      thread.start();
    }
    // Sweeps race the loops, with time moving past the interval now and then.
    while (threads.stream().anyMatch(Thread::isAlive)) {
      if (clock.now().isBefore(START.plus(Duration.ofHours(1)))) {
        clock.advance(Duration.ofSeconds(7));
      }
      tracker.sweep();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    clock.advance(INTERVAL);
    tracker.sweep();

    Map<UUID, List<NewAlert>> byJob =
        raised.stream().collect(Collectors.groupingBy(NewAlert::jobId));
    assertThat(byJob).hasSize(jobs.size());
    for (List<NewAlert> alerts : byJob.values()) {
      assertThat(alerts.get(0).type()).isEqualTo(JOB_FAILING);
      assertThat(alerts.stream().filter(a -> a.type() == JOB_FAILING)).hasSize(1);
      assertThat(alerts.stream().mapToInt(NewAlert::failures).sum()).isEqualTo(failuresPerJob);
    }
  }
}
