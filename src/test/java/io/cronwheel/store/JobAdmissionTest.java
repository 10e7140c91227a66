package io.cronwheel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.Job;
import io.cronwheel.model.JobLimits;
import io.cronwheel.model.Partitioner;
import io.cronwheel.model.Target;
import io.cronwheel.support.Jobs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobAdmissionTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final JobLimits LIMITS = new JobLimits(1000);

  private final List<Long> reported = new ArrayList<>();
  private final EngineEvents events =
      new EngineEvents() {
        @Override
        public void unschedulableJobs(long count) {
          reported.add(count);
        }
      };

  private static Job jobWithBody(int bodyChars) {
    Job job = Jobs.job("0 0 3 * * *", io.cronwheel.model.ExecutionType.AT_LEAST_ONCE);
    String body = bodyChars == 0 ? null : "\"" + "x".repeat(bodyChars - 2) + "\"";
    return Jobs.with(
        job, job.spec().withTarget(new Target(job.target().url(), "POST", null, body)));
  }

  private JobAdmission budgetFor(long jobs, Job like) {
    return new JobAdmission(
        LIMITS, jobs * JobAdmission.footprint(like), new Partitioner(1), events);
  }

  @Test
  void footprint_countsAFixedPartAndEveryText() {
    Job small = jobWithBody(0);
    Job withBody = jobWithBody(500);

    assertThat(JobAdmission.footprint(small))
        .isGreaterThan(JobAdmission.JOB_OVERHEAD_BYTES + small.name().length());
    assertThat(JobAdmission.footprint(withBody) - JobAdmission.footprint(small))
        .isEqualTo(500 + JobAdmission.STRING_OVERHEAD_BYTES);
    Job wide =
        Jobs.with(
            small, small.spec().withTarget(new Target("http://127.0.0.1/日本", "POST", null, null)));
    assertThat(JobAdmission.footprint(wide))
        .isEqualTo(JobAdmission.footprint(small) - small.target().url().length() + 2L * 19);
  }

  @Test
  void admitLoaded_admitsJobsWhileTheyFitAndRemembersTheRest() {
    Job like = jobWithBody(100);
    JobAdmission admission = budgetFor(3, like);
    List<Job> jobs =
        List.of(jobWithBody(100), jobWithBody(100), jobWithBody(100), jobWithBody(100));

    List<Boolean> admitted = jobs.stream().map(admission::admitLoaded).toList();
    admission.loadFinished();

    assertThat(admitted).containsExactly(true, true, true, false);
    assertThat(admission.unschedulableCount()).isEqualTo(1);
    assertThat(admission.refusal(jobs.get(3)))
        .hasValueSatisfying(
            r -> {
              assertThat(r.reason()).isEqualTo(JobAdmission.Reason.OVER_BUDGET);
              assertThat(r.message()).contains("CRONWHEEL_JOB_MEMORY_BUDGET");
            });
    assertThat(admission.refusal(jobs.get(0))).isEmpty();
    assertThat(admission.someUnschedulable(10)).containsExactly(jobs.get(3).id());
    assertThat(reported).containsExactly(1L);
  }

  @Test
  void admitLoaded_refusesAJobOverThePerJobLimitsWithoutChargingIt() {
    JobAdmission admission = budgetFor(10, jobWithBody(100));
    Job oversized = jobWithBody(5000);
    Job smuggler =
        Jobs.with(
            jobWithBody(0),
            jobWithBody(0)
                .spec()
                .withTarget(
                    new Target(
                        "http://127.0.0.1/",
                        "POST",
                        Map.of("Transfer-Encoding", "chunked"),
                        null)));

    assertThat(admission.admitLoaded(oversized)).isFalse();
    assertThat(admission.admitLoaded(smuggler)).isFalse();

    assertThat(admission.chargedBytes()).isZero();
    assertThat(admission.refusal(oversized).orElseThrow().message())
        .contains("target.body is 5000 bytes", "CRONWHEEL_MAX_TARGET_BODY_BYTES");
    assertThat(admission.refusal(smuggler).orElseThrow().message()).contains("Transfer-Encoding");
    assertThat(admission.refusal(oversized).orElseThrow().reason())
        .isEqualTo(JobAdmission.Reason.INVALID);
  }

  @Test
  void refuseUnread_remembersARowTooLargeToRead() {
    JobAdmission admission = budgetFor(10, jobWithBody(100));
    UUID id = UUID.randomUUID();

    admission.refuseUnread(id, 5_000_000);

    assertThat(admission.unschedulableCount()).isEqualTo(1);
    assertThat(admission.someUnschedulable(5)).containsExactly(id);
  }

  @Test
  void refusal_findsAJobOverTheLimitsWhateverItsState() {
    JobAdmission admission = budgetFor(10, jobWithBody(100));
    Job pausedAndOversized = Jobs.paused(jobWithBody(2000));

    assertThat(admission.refusal(pausedAndOversized)).isPresent();
    assertThat(admission.unschedulableCount()).isZero();
  }

  @Test
  void change_refusesACreateOverTheBudgetAndChargesOneThatFits() {
    Job like = jobWithBody(100);
    JobAdmission admission = budgetFor(2, like);

    JobAdmission.Change first = admission.change(null, jobWithBody(100));
    first.commit(like);
    admission.change(null, jobWithBody(100)).commit(like);
    JobAdmission.Change third = admission.change(null, jobWithBody(100));

    assertThat(first.refusal()).isNull();
    assertThat(third.refusal().reason()).isEqualTo(JobAdmission.Reason.OVER_BUDGET);
    assertThat(admission.chargedBytes()).isEqualTo(admission.budgetBytes());
  }

  @Test
  void change_releasesWhatAPauseOrDeleteFreesAndRollsBackAFailedWrite() {
    Job like = jobWithBody(100);
    JobAdmission admission = budgetFor(2, like);
    Job a = jobWithBody(100);
    Job b = jobWithBody(100);
    admission.admitLoaded(a);
    admission.admitLoaded(b);

    JobAdmission.Change pause = admission.change(a, Jobs.paused(a));
    pause.commit(Jobs.paused(a));
    assertThat(admission.chargedBytes()).isEqualTo(JobAdmission.footprint(b));

    JobAdmission.Change failed = admission.change(null, jobWithBody(100));
    assertThat(failed.refusal()).isNull();
    failed.rollback();
    assertThat(admission.chargedBytes()).isEqualTo(JobAdmission.footprint(b));
  }

  @Test
  void change_schedulesAnUnschedulableJobOnceItIsFixedAndTellsTheGauge() {
    JobAdmission admission = budgetFor(10, jobWithBody(100));
    Job oversized = jobWithBody(5000);
    admission.admitLoaded(oversized);
    Job fixed = Jobs.with(oversized, jobWithBody(100).spec());

    JobAdmission.Change change = admission.change(oversized, fixed);
    change.commit(fixed);

    assertThat(change.refusal()).isNull();
    assertThat(admission.refusal(fixed)).isEmpty();
    assertThat(admission.unschedulableCount()).isZero();
    assertThat(admission.chargedBytes()).isEqualTo(JobAdmission.footprint(fixed));
    assertThat(reported).containsExactly(0L);
  }

  @Test
  void change_growingAJobOverTheBudgetIsRefusedAndLeavesTheChargeAlone() {
    Job small = jobWithBody(10);
    JobAdmission admission =
        new JobAdmission(LIMITS, JobAdmission.footprint(small) + 100, new Partitioner(1), events);
    admission.admitLoaded(small);

    JobAdmission.Change grow = admission.change(small, Jobs.with(small, jobWithBody(900).spec()));

    assertThat(grow.refusal()).isNotNull();
    assertThat(admission.chargedBytes()).isEqualTo(JobAdmission.footprint(small));
  }

  @Test
  void loadFinished_isSilentAndReportsZeroWhenEverythingFits() {
    JobAdmission admission = budgetFor(10, jobWithBody(100));
    admission.admitLoaded(jobWithBody(100));

    admission.loadFinished();

    assertThat(reported).containsExactly(0L);
    assertThat(admission.unschedulableCount()).isZero();
  }

  @Test
  void admitLoaded_keepsCountingBeyondTheTrackedJobs() {
    JobAdmission admission = new JobAdmission(LIMITS, 1, new Partitioner(1), events);
    Job like = jobWithBody(0);
    for (int i = 0; i < JobAdmission.MAX_TRACKED + 10; i++) {
      admission.admitLoaded(new Job(UUID.randomUUID(), like.spec(), true, null, NOW, NOW, 1));
    }

    assertThat(admission.unschedulableCount()).isEqualTo(JobAdmission.MAX_TRACKED + 10L);
    assertThat(admission.someUnschedulable(3)).hasSize(3);
  }
}
