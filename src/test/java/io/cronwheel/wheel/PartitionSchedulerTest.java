package io.cronwheel.wheel;

import static io.cronwheel.model.ExecutionType.AT_LEAST_ONCE;
import static io.cronwheel.model.ExecutionType.AT_MOST_ONCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.JobSpec;
import io.cronwheel.model.MisfirePolicy;
import io.cronwheel.model.OverlapPolicy;
import io.cronwheel.model.Trigger;
import io.cronwheel.model.UnfinishedExecution;
import io.cronwheel.support.Jobs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The partition's scheduling logic in virtual time: every "now" is passed in, nothing sleeps. */
class PartitionSchedulerTest {
  private static final long T = 1_767_225_600L; // 2026-01-01T00:00:00Z
  private static final int LOOKAHEAD = 2;
  private static final long MISFIRE_SECONDS = 60;

  private final List<Fire> fired = new ArrayList<>();
  private final List<List<Fire>> claimRequests = new ArrayList<>();
  private final List<String> notSent = new ArrayList<>();
  private final List<Fire> released = new ArrayList<>();

  private PartitionScheduler scheduler(long start, long recoveryBoundary) {
    PartitionSettings settings =
        new PartitionSettings(
            64,
            Duration.ofSeconds(LOOKAHEAD),
            Duration.ofSeconds(MISFIRE_SECONDS),
            Duration.ofHours(1),
            Duration.ofSeconds(5),
            100_000);
    return new PartitionScheduler(
        settings, start, new RecoveryPlan(recoveryBoundary, null), output);
  }

  private final PartitionScheduler.Output output =
      new PartitionScheduler.Output() {
        @Override
        public void fire(Fire fire) {
          fired.add(fire);
        }

        @Override
        public void claim(List<Fire> fires) {
          claimRequests.add(fires);
        }

        @Override
        public void notSent(Fire fire, ExecutionStatus status, String reason) {
          notSent.add(status + ":" + Math.floorDiv(fire.scheduledAtMillis(), 1000));
        }

        @Override
        public void release(List<Fire> fires) {
          released.addAll(fires);
        }
      };
  private PartitionScheduler scheduler = scheduler(T, T);

  private void runUntil(long epochSecond, long millisIntoSecond) {
    long now = epochSecond * 1000 + millisIntoSecond;
    while (scheduler.runDue(now, 1000)) {
      // keep going until the turn's work is done, as the verticle does
    }
    scheduler.replayDue(now, 100_000);
  }

  /** Completes the first still-running fire of the job, as the dispatcher would. */
  private void complete(Job job) {
    Fire fire =
        fired.stream()
            .filter(f -> f.job().id().equals(job.id()) && !completedIds.contains(f.executionId()))
            .findFirst()
            .orElseThrow();
    completedIds.add(fire.executionId());
    scheduler.onCompleted(fire.executionId(), job.id(), Trigger.SCHEDULED);
  }

  private final Set<UUID> completedIds = new HashSet<>();

  private List<Long> firedSeconds() {
    return fired.stream().map(f -> Math.floorDiv(f.scheduledAtMillis(), 1000)).toList();
  }

  @Test
  void everySecondJob_firesOncePerSecondInOrder() {
    scheduler.upsert(Jobs.job("* * * * * *", AT_LEAST_ONCE), T - 1);
    for (long s = T; s < T + 10; s++) {
      runUntil(s, 0);
    }
    assertThat(firedSeconds())
        .containsExactly(T, T + 1, T + 2, T + 3, T + 4, T + 5, T + 6, T + 7, T + 8, T + 9);
    assertThat(fired).extracting(Fire::executionId).doesNotHaveDuplicates();
  }

  @Test
  void runDue_catchesUpMissedSecondsInOrderWhenTheLoopWasLate() {
    scheduler.upsert(Jobs.job("* * * * * *", AT_LEAST_ONCE), T - 1);
    runUntil(T + 5, 700);
    assertThat(firedSeconds()).containsExactly(T, T + 1, T + 2, T + 3, T + 4, T + 5);
  }

  @Test
  void pause_stopsStagedFiresAtOnce() {
    Job job = Jobs.job("* * * * * *", AT_LEAST_ONCE);
    scheduler.upsert(job, T - 1);
    runUntil(T, 0);
    scheduler.upsert(Jobs.paused(job), T);
    for (long s = T + 1; s < T + 5; s++) {
      runUntil(s, 0);
    }
    assertThat(firedSeconds()).containsExactly(T);
    assertThat(scheduler.jobCount()).isZero();
    assertThat(scheduler.pendingFires()).isZero();
  }

  @Test
  void createdJob_firesAtItsNextSecondEvenInsideTheStagedWindow() {
    runUntil(T, 500); // the window up to T + 2 is already staged
    scheduler.upsert(Jobs.job("* * * * * *", AT_LEAST_ONCE), T);
    for (long s = T + 1; s <= T + 4; s++) {
      runUntil(s, 0);
    }
    assertThat(firedSeconds()).containsExactly(T + 1, T + 2, T + 3, T + 4);
  }

  @Test
  void scheduleChange_keepsOnlyStagedSecondsTheNewScheduleFiresAt() {
    Job job = Jobs.job("* * * * * *", AT_LEAST_ONCE);
    scheduler.upsert(job, T - 1);
    runUntil(T, 0); // staged: T, T+1, T+2
    long nextEven = (T + 1) % 2 == 0 ? T + 1 : T + 2;
    scheduler.upsert(Jobs.withSchedule(job, "*/2 * * * * *"), T);
    for (long s = T + 1; s <= T + 6; s++) {
      runUntil(s, 0);
    }
    assertThat(firedSeconds()).first().isEqualTo(T);
    assertThat(firedSeconds().subList(1, firedSeconds().size()))
        .allMatch(s -> s % 2 == 0)
        .first()
        .isEqualTo(nextEven);
    assertThat(fired.get(fired.size() - 1).job().schedule()).isEqualTo("*/2 * * * * *");
  }

  @Test
  void atMostOnce_firesOnlyOnceItsClaimIsConfirmed() {
    scheduler.upsert(Jobs.job("* * * * * *", AT_MOST_ONCE), T - 1);
    runUntil(T, 0);
    assertThat(fired).isEmpty();
    assertThat(claimRequests).hasSize(1);
    List<Fire> batch = claimRequests.get(0);
    assertThat(batch).hasSize(LOOKAHEAD + 1);

    scheduler.onClaimResult(batch, ids(batch), T * 1000);
    assertThat(firedSeconds()).containsExactly(T); // was due and waiting for its claim
    runUntil(T + 1, 0);
    runUntil(T + 2, 0);
    assertThat(firedSeconds()).containsExactly(T, T + 1, T + 2);
  }

  @Test
  void atMostOnce_lostClaimNeverFiresAndFailedClaimIsRecordedAsSkipped() {
    scheduler.upsert(Jobs.job("* * * * * *", AT_MOST_ONCE), T - 1);
    runUntil(T, 0);
    List<Fire> batch = claimRequests.get(0);
    scheduler.onClaimResult(
        batch.subList(0, 2), Set.of(), T * 1000); // another process owns T and T+1
    scheduler.onClaimFailure(batch.subList(2, 3), new RuntimeException("database down"));
    runUntil(T + 2, 0);
    assertThat(fired).isEmpty();
    assertThat(notSent).containsExactly("SKIPPED:" + (T + 2));
  }

  @Test
  void atMostOnce_claimedSecondsOfAPausedJobAreRecordedAsSkipped() {
    Job job = Jobs.job("* * * * * *", AT_MOST_ONCE);
    scheduler.upsert(job, T - 1);
    runUntil(T, 0);
    List<Fire> batch = claimRequests.get(0);
    scheduler.onClaimResult(batch, ids(batch), T * 1000);
    scheduler.upsert(Jobs.paused(job), T);
    runUntil(T + 3, 0);
    assertThat(firedSeconds()).containsExactly(T);
    assertThat(notSent).containsExactlyInAnyOrder("SKIPPED:" + (T + 1), "SKIPPED:" + (T + 2));
  }

  @Test
  void runDue_spreadsABurstOverTurnsAndFiresEachJobExactlyOnce() {
    for (int i = 0; i < 5000; i++) {
      scheduler.upsert(Jobs.job("0 * * * * *", AT_LEAST_ONCE), T);
    }
    long minute = T + 60; // T is itself a whole minute
    int turns = 0;
    while (scheduler.runDue(minute * 1000, 1000)) {
      turns++;
    }
    assertThat(turns).isGreaterThanOrEqualTo(5);
    assertThat(fired).hasSize(5000);
    assertThat(fired.stream().map(f -> f.job().id()).collect(Collectors.toSet())).hasSize(5000);
    assertThat(firedSeconds()).containsOnly(minute);
  }

  @Test
  void runDue_treatsSecondsReachedFarTooLateAsMisfiresAndFiresOnlyTheLastOnceByDefault() {
    scheduler.upsert(Jobs.job("* * * * * *", AT_LEAST_ONCE), T - 1);
    long now = T + MISFIRE_SECONDS + 5;
    runUntil(now, 0);
    // T .. T+4 are more than the threshold late: FIRE_ONCE fires the last of them (T+4) and records
    // the rest.
    assertThat(notSent)
        .containsExactly(
            "MISSED:" + T, "MISSED:" + (T + 1), "MISSED:" + (T + 2), "MISSED:" + (T + 3));
    assertThat(firedSeconds()).startsWith(T + 4).contains(now).hasSize((int) MISFIRE_SECONDS + 2);
  }

  @Test
  void downtime_fireOnceSendsOneCatchUpFireAndRecordsTheRestAsMissed() {
    scheduler = scheduler(T, T + 10);
    scheduler.load(Jobs.job("* * * * * *", AT_LEAST_ONCE));
    runUntil(T + 10, 0);
    assertThat(firedSeconds()).as("the live second first").containsExactly(T + 10, T + 9);
    assertThat(notSent).hasSize(9).allMatch(s -> s.startsWith("MISSED:"));
  }

  @Test
  void downtime_fireAllSendsEveryMissedSecondInsideTheCatchUpWindowOldestFirstAfterTheLiveOne() {
    scheduler = scheduler(T, T + 10);
    Job job = Jobs.job("* * * * * *", AT_LEAST_ONCE);
    job =
        Jobs.with(
            job,
            new JobSpec(
                job.name(),
                job.schedule(),
                job.timezone(),
                AT_LEAST_ONCE,
                job.target(),
                job.timeout(),
                job.retry(),
                MisfirePolicy.FIRE_ALL,
                Duration.ofSeconds(5),
                OverlapPolicy.ALLOW,
                null));
    scheduler.load(job);
    runUntil(T + 10, 0);
    assertThat(firedSeconds()).containsExactly(T + 10, T + 5, T + 6, T + 7, T + 8, T + 9);
    assertThat(notSent)
        .containsExactly(
            "MISSED:" + T,
            "MISSED:" + (T + 1),
            "MISSED:" + (T + 2),
            "MISSED:" + (T + 3),
            "MISSED:" + (T + 4));
  }

  @Test
  void downtime_skipAndAtMostOnceJobsNeverCatchUp() {
    scheduler = scheduler(T, T + 5);
    Job skip = Jobs.job("* * * * * *", AT_LEAST_ONCE);
    skip = Jobs.with(skip, skip.spec().withMisfirePolicy(MisfirePolicy.SKIP));
    scheduler.load(skip);
    scheduler.load(Jobs.job("* * * * * *", AT_MOST_ONCE));
    runUntil(T + 5, 0);
    assertThat(firedSeconds()).as("only live seconds").containsOnly(T + 5);
    assertThat(notSent).hasSize(10).allMatch(s -> s.startsWith("MISSED:"));
    assertThat(claimRequests.stream().flatMap(List::stream).map(f -> f.scheduledAtMillis() / 1000))
        .as("misfired seconds are never claimed")
        .allMatch(s -> s >= T + 5);
  }

  @Test
  void overlapSkip_recordsSecondsThatComeWhileThePreviousExecutionRuns() {
    Job job = Jobs.job("* * * * * *", AT_LEAST_ONCE);
    scheduler.upsert(Jobs.with(job, job.spec().withOverlapPolicy(OverlapPolicy.SKIP)), T - 1);
    runUntil(T, 0);
    runUntil(T + 1, 0);
    complete(job);
    runUntil(T + 2, 0);
    assertThat(firedSeconds()).containsExactly(T, T + 2);
    assertThat(notSent).containsExactly("SKIPPED:" + (T + 1));
  }

  @Test
  void overlapQueue_firesQueuedSecondsOneAfterAnotherAsExecutionsEnd() {
    Job job = Jobs.job("* * * * * *", AT_LEAST_ONCE);
    scheduler.upsert(Jobs.with(job, job.spec().withOverlapPolicy(OverlapPolicy.QUEUE)), T - 1);
    runUntil(T, 0);
    runUntil(T + 1, 0);
    runUntil(T + 2, 0);
    assertThat(firedSeconds()).containsExactly(T);
    complete(job);
    assertThat(firedSeconds()).containsExactly(T, T + 1);
    complete(job);
    assertThat(firedSeconds()).containsExactly(T, T + 1, T + 2);
    assertThat(notSent).isEmpty();
  }

  @Test
  void adoptedClaim_firesUnderTheEarlierExecutionIdWithoutANewClaim() {
    Job job = Jobs.job("* * * * * *", AT_MOST_ONCE);
    UUID earlier = UUID.randomUUID();
    scheduler
        .recovery()
        .take(
            new UnfinishedExecution(
                earlier,
                job.id(),
                Instant.ofEpochSecond(T + 1),
                ExecutionStatus.CLAIMED,
                Trigger.SCHEDULED,
                AT_MOST_ONCE));
    scheduler.upsert(job, T - 1);
    runUntil(T + 1, 0);
    scheduler.onClaimResult(claimRequests.get(0), ids(claimRequests.get(0)), (T + 1) * 1000);
    assertThat(claimRequests.stream().flatMap(List::stream).map(Fire::executionId))
        .doesNotContain(earlier);
    assertThat(fired).extracting(Fire::executionId).contains(earlier);
  }

  @Test
  void abandonStaged_releasesClaimsOnSecondsNotYetSent() {
    scheduler.upsert(Jobs.job("* * * * * *", AT_MOST_ONCE), T - 1);
    runUntil(T, 0);
    List<Fire> batch = claimRequests.get(0);
    scheduler.onClaimResult(batch, ids(batch), T * 1000);
    scheduler.abandonStaged();
    assertThat(released)
        .extracting(f -> f.scheduledAtMillis() / 1000)
        .containsExactlyInAnyOrder(T + 1, T + 2);
    assertThat(notSent).isEmpty();
  }

  @Test
  void safeProgressMark_staysBeforeAnAtLeastOnceFireSentBeforeItsClaimUntilItIsFinal() {
    Job job = Jobs.job("* * * * * *", AT_LEAST_ONCE);
    scheduler.upsert(job, T - 1);
    runUntil(T, 0); // T goes out at once, its claim (asked with T+1, T+2) still unanswered
    runUntil(T + 1, 0);
    runUntil(T + 2, 0);
    assertThat(firedSeconds()).containsExactly(T, T + 1, T + 2);
    assertThat(scheduler.dispatchedThrough()).isEqualTo(T + 2);
    assertThat(scheduler.safeProgressMark()).as("nothing yet has a row").isEqualTo(T - 1);

    scheduler.onClaimResult(claimRequests.get(0), ids(claimRequests.get(0)), (T + 2) * 1000);
    assertThat(scheduler.safeProgressMark())
        .as("claims won, but the fires are not final")
        .isEqualTo(T - 1);
    complete(job);
    assertThat(scheduler.safeProgressMark()).isEqualTo(T);
    complete(job);
    complete(job);
    assertThat(scheduler.safeProgressMark()).isEqualTo(T + 2);
  }

  @Test
  void safeProgressMark_waitsForTheDowntimeReplay() {
    scheduler = scheduler(T, T + 10);
    scheduler.load(Jobs.job("* * * * * *", AT_LEAST_ONCE));
    while (scheduler.runDue((T + 10) * 1000, 1000)) {
      // the live second first
    }
    assertThat(scheduler.replayPending()).isEqualTo(1);
    assertThat(scheduler.safeProgressMark()).isEqualTo(T - 1);
    scheduler.replayDue((T + 10) * 1000, 100);
    assertThat(scheduler.replayPending()).isZero();
    assertThat(scheduler.safeProgressMark())
        .as("the catch-up fire is not final yet")
        .isEqualTo(T + 8);
  }

  @Test
  void replayDue_spendsAtMostItsBudgetAndLeavesTheLiveSecondsAlone() {
    scheduler = scheduler(T, T + 50);
    for (int i = 0; i < 20; i++) {
      Job skip = Jobs.job("* * * * * *", AT_LEAST_ONCE);
      scheduler.load(Jobs.with(skip, skip.spec().withMisfirePolicy(MisfirePolicy.SKIP)));
    }
    while (scheduler.runDue((T + 50) * 1000, 1000)) {
      // live
    }
    assertThat(firedSeconds()).hasSize(20).containsOnly(T + 50);
    int calls = 0;
    while (scheduler.replayPending() > 0) {
      assertThat(scheduler.replayDue((T + 50) * 1000, 100)).isLessThanOrEqualTo(100);
      calls++;
    }
    assertThat(notSent).hasSize(20 * 50).allMatch(s -> s.startsWith("MISSED:"));
    assertThat(calls)
        .as("1,000 missed records at 100 per call (a last call may only find the ends)")
        .isBetween(10, 11);
  }

  @Test
  void abandonStaged_releasesQueuedFiresAndKeepsTheMarkBeforeThem() {
    Job job = Jobs.job("* * * * * *", AT_LEAST_ONCE);
    scheduler.upsert(Jobs.with(job, job.spec().withOverlapPolicy(OverlapPolicy.QUEUE)), T - 1);
    runUntil(T, 0);
    scheduler.onClaimResult(claimRequests.get(0), ids(claimRequests.get(0)), T * 1000);
    runUntil(T + 1, 0);
    runUntil(T + 2, 0); // T runs; T+1 and T+2 wait behind it
    assertThat(firedSeconds()).containsExactly(T);

    scheduler.abandonStaged();
    assertThat(released).extracting(f -> f.scheduledAtMillis() / 1000).contains(T + 1, T + 2);
    assertThat(scheduler.safeProgressMark()).isEqualTo(T - 1);
  }

  private static Set<UUID> ids(List<Fire> fires) {
    return fires.stream().map(Fire::executionId).collect(Collectors.toCollection(HashSet::new));
  }
}
