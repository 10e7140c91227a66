package io.cronwheel.wheel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.OverlapPolicy;
import io.cronwheel.model.Trigger;
import io.cronwheel.support.Jobs;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobRuntimeTest {
  private final Job job = Jobs.job("0 0 0 * * *", ExecutionType.AT_LEAST_ONCE);

  private Fire fire(long epochSecond) {
    return new Fire(UUID.randomUUID(), job, epochSecond * 1000, Trigger.SCHEDULED);
  }

  @Test
  void staged_isEmptyAndUnmodifiableUntilAFireIsStaged() {
    JobRuntime runtime = new JobRuntime();
    assertThat(runtime.staged()).isEmpty();
    assertThatThrownBy(
            () -> runtime.staged().add(new StagedFire(fire(1), StagedFire.Claim.NONE, false)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(runtime.unstage(new StagedFire(fire(1), StagedFire.Claim.NONE, false))).isFalse();
  }

  @Test
  void stage_keepsOrderAndUnstageEmptiesIt() {
    JobRuntime runtime = new JobRuntime();
    StagedFire first = new StagedFire(fire(10), StagedFire.Claim.NONE, false);
    StagedFire second = new StagedFire(fire(11), StagedFire.Claim.NONE, false);
    runtime.stage(first);
    runtime.stage(second);
    assertThat(runtime.staged()).containsExactly(first, second);

    assertThat(runtime.unstage(first)).isTrue();
    assertThat(runtime.unstage(first)).isFalse();
    assertThat(runtime.unstage(second)).isTrue();
    assertThat(runtime.staged()).isEmpty();

    runtime.stage(first);
    runtime.clearStaged();
    assertThat(runtime.staged()).isEmpty();
  }

  @Test
  void admit_queuesBehindARunningExecutionAndReleasesInOrder() {
    JobRuntime runtime = new JobRuntime();
    Fire a = fire(1);
    Fire b = fire(2);
    Fire c = fire(3);
    assertThat(runtime.admit(a, OverlapPolicy.QUEUE)).isEqualTo(JobRuntime.Admission.FIRE);
    assertThat(runtime.admit(b, OverlapPolicy.QUEUE)).isEqualTo(JobRuntime.Admission.QUEUED);
    assertThat(runtime.admit(c, OverlapPolicy.QUEUE)).isEqualTo(JobRuntime.Admission.QUEUED);
    assertThat(runtime.queued()).containsExactly(b, c);

    assertThat(runtime.finished(a.executionId())).isSameAs(b);
    assertThat(runtime.finished(b.executionId())).isSameAs(c);
    assertThat(runtime.queued()).isEmpty();
    assertThat(runtime.finished(c.executionId())).isNull();
    assertThat(runtime.running()).isZero();
  }

  @Test
  void finished_ignoresAnExecutionItDidNotAdmit() {
    JobRuntime runtime = new JobRuntime();
    Fire running = fire(1);
    Fire queued = fire(2);
    runtime.admit(running, OverlapPolicy.QUEUE);
    runtime.admit(queued, OverlapPolicy.QUEUE);

    Fire recovered = fire(0); // re-sent by start-up recovery: never admitted here
    assertThat(runtime.finished(recovered.executionId())).isNull();
    assertThat(runtime.running()).as("the running one keeps its turn").isEqualTo(1);
    assertThat(runtime.queued()).containsExactly(queued);
  }

  @Test
  void admit_skipsOrRefusesWhenThePolicySaysSo() {
    JobRuntime runtime = new JobRuntime();
    runtime.admit(fire(1), OverlapPolicy.SKIP);
    assertThat(runtime.admit(fire(2), OverlapPolicy.SKIP)).isEqualTo(JobRuntime.Admission.SKIP);
    for (int i = 0; i < JobRuntime.MAX_QUEUED; i++) {
      runtime.admit(fire(10 + i), OverlapPolicy.QUEUE);
    }
    assertThat(runtime.admit(fire(500), OverlapPolicy.QUEUE))
        .isEqualTo(JobRuntime.Admission.QUEUE_FULL);
    runtime.clearQueued();
    assertThat(runtime.queued()).isEmpty();
  }
}
