package io.cronwheel.wheel;

import static io.cronwheel.model.ExecutionType.AT_LEAST_ONCE;
import static io.cronwheel.model.ExecutionType.AT_MOST_ONCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.support.Jobs;
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

  private final List<Fire> fired = new ArrayList<>();
  private final List<List<Fire>> claimRequests = new ArrayList<>();
  private final List<String> notSent = new ArrayList<>();
  private final PartitionScheduler scheduler = new PartitionScheduler(64, LOOKAHEAD, T, new PartitionScheduler.Output() {
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
  });

  private void runUntil(long epochSecond, long millisIntoSecond) {
    while (scheduler.runDue(epochSecond * 1000 + millisIntoSecond, 1000)) {
      // keep going until the turn's work is done, as the verticle does
    }
  }

  private List<Long> firedSeconds() {
    return fired.stream().map(f -> Math.floorDiv(f.scheduledAtMillis(), 1000)).toList();
  }

  @Test
  void everySecondJob_firesOncePerSecondInOrder() {
    scheduler.upsert(Jobs.job("* * * * * *", AT_LEAST_ONCE), T - 1);
    for (long s = T; s < T + 10; s++) {
      runUntil(s, 0);
    }
    assertThat(firedSeconds()).containsExactly(T, T + 1, T + 2, T + 3, T + 4, T + 5, T + 6, T + 7, T + 8, T + 9);
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
    assertThat(firedSeconds().subList(1, firedSeconds().size())).allMatch(s -> s % 2 == 0).first()
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

    scheduler.onClaimResult(batch, ids(batch));
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
    scheduler.onClaimResult(batch.subList(0, 2), Set.of()); // another process owns T and T+1
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
    scheduler.onClaimResult(batch, ids(batch));
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
  void runDue_recordsSecondsFarInThePastAsMissed() {
    scheduler.upsert(Jobs.job("* * * * * *", AT_LEAST_ONCE), T - 1);
    runUntil(T + PartitionScheduler.LATE_FIRE_LIMIT_SECONDS + 5, 0);
    assertThat(notSent).isNotEmpty().allMatch(s -> s.startsWith("MISSED:"));
    assertThat(firedSeconds()).isNotEmpty();
    assertThat(notSent.size() + fired.size()).isEqualTo((int) PartitionScheduler.LATE_FIRE_LIMIT_SECONDS + 6);
  }

  @Test
  void abandonStaged_recordsClaimedButUnsentSecondsAsSkipped() {
    scheduler.upsert(Jobs.job("* * * * * *", AT_MOST_ONCE), T - 1);
    runUntil(T, 0);
    List<Fire> batch = claimRequests.get(0);
    scheduler.onClaimResult(batch, ids(batch));
    scheduler.abandonStaged("engine shutting down");
    assertThat(notSent).containsExactlyInAnyOrder("SKIPPED:" + (T + 1), "SKIPPED:" + (T + 2));
  }

  private static Set<UUID> ids(List<Fire> fires) {
    return fires.stream().map(Fire::executionId).collect(Collectors.toCollection(HashSet::new));
  }
}
