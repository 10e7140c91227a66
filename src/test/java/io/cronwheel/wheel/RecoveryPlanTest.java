package io.cronwheel.wheel;

import static io.cronwheel.model.ExecutionType.AT_LEAST_ONCE;
import static io.cronwheel.model.ExecutionType.AT_MOST_ONCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Trigger;
import io.cronwheel.model.UnfinishedExecution;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class RecoveryPlanTest {
  private static final long BOUNDARY = 1_767_225_600L;

  private final UUID jobId = UUID.randomUUID();
  private final RecoveryPlan plan = new RecoveryPlan(BOUNDARY, BOUNDARY - 10);

  private UnfinishedExecution unfinished(long epochSecond, Trigger trigger, ExecutionType type) {
    return new UnfinishedExecution(
        UUID.randomUUID(),
        jobId,
        Instant.ofEpochSecond(epochSecond),
        ExecutionStatus.CLAIMED,
        trigger,
        type);
  }

  @Test
  void constructor_keepsTheBoundaryAndTheResumePoint() {
    assertThat(plan.recoveryBoundary()).isEqualTo(BOUNDARY);
    assertThat(plan.resumeAfterSecond()).isEqualTo(BOUNDARY - 10);
    assertThat(new RecoveryPlan(BOUNDARY, null).resumeAfterSecond()).isNull();
    assertThat(plan.nothingToStage()).isTrue();
    assertThat(plan.takeToSettle()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"1, AT_LEAST_ONCE", "1, AT_MOST_ONCE", "5, AT_LEAST_ONCE", "5, AT_MOST_ONCE"})
  void take_adoptsAClaimOnASecondStillAhead(long secondsAhead, ExecutionType type) {
    UnfinishedExecution claim = unfinished(BOUNDARY + secondsAhead, Trigger.SCHEDULED, type);

    plan.take(claim);

    assertThat(plan.nothingToStage()).isFalse();
    assertThat(plan.settledElsewhere(jobId, BOUNDARY + secondsAhead)).isFalse();
    assertThat(plan.adoptedClaim(jobId, BOUNDARY + secondsAhead)).isEqualTo(claim.id());
    assertThat(plan.takeToSettle()).isEmpty();
  }

  /**
   * The boundary second had begun when this run started: the node that held the lease before may
   * have sent it (seen in ClusterIT: a hand-over 300 ms into a second sent it twice).
   */
  @ParameterizedTest
  @EnumSource(ExecutionType.class)
  void take_settlesTheClaimOnTheBoundarySecondInsteadOfAdoptingIt(ExecutionType type) {
    UnfinishedExecution claim = unfinished(BOUNDARY, Trigger.SCHEDULED, type);

    plan.take(claim);

    assertThat(plan.adoptedClaim(jobId, BOUNDARY)).isNull();
    assertThat(plan.settledElsewhere(jobId, BOUNDARY)).isTrue();
    assertThat(plan.takeToSettle()).containsExactly(claim);
  }

  @Test
  void adoptedClaim_isConsumedOnUse() {
    UnfinishedExecution claim = unfinished(BOUNDARY + 1, Trigger.SCHEDULED, AT_LEAST_ONCE);
    plan.take(claim);

    assertThat(plan.adoptedClaim(jobId, BOUNDARY + 1)).isEqualTo(claim.id());
    assertThat(plan.adoptedClaim(jobId, BOUNDARY + 1)).isNull();
    assertThat(plan.nothingToStage()).isTrue();
  }

  @Test
  void settledElsewhere_isConsumedOnUse() {
    plan.take(unfinished(BOUNDARY - 5, Trigger.SCHEDULED, AT_LEAST_ONCE));

    assertThat(plan.settledElsewhere(jobId, BOUNDARY - 5)).isTrue();
    assertThat(plan.settledElsewhere(jobId, BOUNDARY - 5)).isFalse();
    assertThat(plan.nothingToStage()).isTrue();
  }

  @Test
  void adoptedClaimAndSettledElsewhere_matchOnlyTheSameJobAndSecond() {
    UUID otherJob = UUID.randomUUID();
    plan.take(unfinished(BOUNDARY + 1, Trigger.SCHEDULED, AT_LEAST_ONCE));
    plan.take(unfinished(BOUNDARY - 1, Trigger.SCHEDULED, AT_LEAST_ONCE));

    assertThat(plan.adoptedClaim(otherJob, BOUNDARY + 1)).isNull();
    assertThat(plan.adoptedClaim(jobId, BOUNDARY + 2)).isNull();
    assertThat(plan.settledElsewhere(otherJob, BOUNDARY - 1)).isFalse();
    assertThat(plan.settledElsewhere(jobId, BOUNDARY - 2)).isFalse();
    assertThat(plan.nothingToStage()).isFalse();
    assertThat(plan.adoptedClaim(jobId, BOUNDARY + 1)).isNotNull();
    assertThat(plan.settledElsewhere(jobId, BOUNDARY - 1)).isTrue();
  }

  @Test
  void take_readsTheSecondOfASubSecondScheduledTime() {
    UnfinishedExecution claim =
        new UnfinishedExecution(
            UUID.randomUUID(),
            jobId,
            Instant.ofEpochSecond(BOUNDARY + 2, 999_000_000),
            ExecutionStatus.RUNNING,
            Trigger.SCHEDULED,
            AT_LEAST_ONCE);

    plan.take(claim);

    assertThat(plan.adoptedClaim(jobId, BOUNDARY + 2)).isEqualTo(claim.id());
  }

  @Test
  void takeToSettle_returnsEachExecutionOnceAndLaterOnlyThoseTakenSince() {
    UnfinishedExecution first = unfinished(BOUNDARY - 3, Trigger.SCHEDULED, AT_LEAST_ONCE);
    UnfinishedExecution second = unfinished(BOUNDARY - 2, Trigger.MANUAL, AT_MOST_ONCE);
    plan.take(first);
    plan.take(second);

    assertThat(plan.takeToSettle()).containsExactly(first, second);
    assertThat(plan.takeToSettle()).isEmpty();

    UnfinishedExecution third = unfinished(BOUNDARY - 1, Trigger.SCHEDULED, AT_MOST_ONCE);
    plan.take(third);
    assertThat(plan.takeToSettle()).containsExactly(third);
  }
}
