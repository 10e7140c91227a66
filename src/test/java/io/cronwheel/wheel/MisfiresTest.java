package io.cronwheel.wheel;

import static io.cronwheel.model.ExecutionType.AT_LEAST_ONCE;
import static io.cronwheel.model.ExecutionType.AT_MOST_ONCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.cron.CronSchedule;
import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.JobSpec;
import io.cronwheel.model.MisfirePolicy;
import io.cronwheel.model.OverlapPolicy;
import io.cronwheel.model.Trigger;
import io.cronwheel.support.Jobs;
import io.cronwheel.time.UuidV7;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Misfire verdicts in virtual time: each "now" is a second passed in. */
class MisfiresTest {
  private static final long B = 1_767_225_600L; // the recovery boundary
  private static final long THRESHOLD = 60;

  private final Misfires misfires = new Misfires(B, THRESHOLD);
  private final JobRuntime runtime = new JobRuntime();

  private static Job job(ExecutionType type, MisfirePolicy policy, Duration catchUpWindow) {
    Job base = Jobs.job("* * * * * *", type);
    JobSpec spec = base.spec();
    return Jobs.with(
        base,
        new JobSpec(
            spec.name(),
            spec.schedule(),
            spec.timezone(),
            spec.executionType(),
            spec.target(),
            spec.timeout(),
            spec.retry(),
            policy,
            catchUpWindow,
            spec.overlapPolicy(),
            spec.alertWebhook()));
  }

  private static Job job(ExecutionType type, MisfirePolicy policy) {
    return job(type, policy, JobSpec.DEFAULT_CATCH_UP_WINDOW);
  }

  /** The verdicts for an every-second job's misfired seconds {@code from..to}, judged at now. */
  private List<Misfires.Verdict> judgeEverySecond(Job job, long from, long to, long now) {
    List<Misfires.Verdict> verdicts = new ArrayList<>();
    for (long second = from; second <= to; second++) {
      verdicts.add(misfires.judge(job, runtime, second, second + 1, now));
    }
    return verdicts;
  }

  @Test
  void isMisfire_coversSecondsBeforeTheBoundaryAndThoseReachedPastTheThreshold() {
    assertThat(misfires.isMisfire(B - 1, B)).isTrue();
    assertThat(misfires.isMisfire(B - 86_400, B)).isTrue();
    assertThat(misfires.isMisfire(B, B)).isFalse();
    assertThat(misfires.isMisfire(B + 100, B + 100 + THRESHOLD)).isFalse();
    assertThat(misfires.isMisfire(B + 100, B + 100 + THRESHOLD + 1)).isTrue();
    assertThat(misfires.isLate(B - 1, B)).isFalse(); // before the boundary, but not late
    assertThat(misfires.isLate(B + 100, B + 100 + THRESHOLD + 1)).isTrue();
  }

  @Test
  void judge_fireOnceFiresOnlyTheLastSecondOfADowntimeEpisode() {
    Job job = job(AT_LEAST_ONCE, MisfirePolicy.FIRE_ONCE);

    List<Misfires.Verdict> verdicts = judgeEverySecond(job, B - 5, B - 1, B);

    assertThat(verdicts)
        .containsExactly(
            Misfires.Verdict.RECORD_MISSED,
            Misfires.Verdict.RECORD_MISSED,
            Misfires.Verdict.RECORD_MISSED,
            Misfires.Verdict.RECORD_MISSED,
            Misfires.Verdict.FIRE);
  }

  @Test
  void judge_fireOnceFiresOnlyTheLastSecondOfALateEpisode() {
    long now = B + 10_000;
    Job job = job(AT_LEAST_ONCE, MisfirePolicy.FIRE_ONCE);
    long lastLate = now - THRESHOLD - 1;

    List<Misfires.Verdict> verdicts = judgeEverySecond(job, lastLate - 3, lastLate, now);

    assertThat(verdicts)
        .containsExactly(
            Misfires.Verdict.RECORD_MISSED,
            Misfires.Verdict.RECORD_MISSED,
            Misfires.Verdict.RECORD_MISSED,
            Misfires.Verdict.FIRE);
  }

  @Test
  void judge_fireOnceFiresASparseJobsLastMissedSecondAndAJobWithNoNextFire() {
    Job job = job(AT_LEAST_ONCE, MisfirePolicy.FIRE_ONCE);

    assertThat(misfires.judge(job, runtime, B - 17, B - 7, B))
        .isEqualTo(Misfires.Verdict.RECORD_MISSED);
    assertThat(misfires.judge(job, runtime, B - 7, B + 3, B)).isEqualTo(Misfires.Verdict.FIRE);
    assertThat(misfires.judge(job, runtime, B - 3, CronSchedule.NO_NEXT, B))
        .isEqualTo(Misfires.Verdict.FIRE);
  }

  @Test
  void judge_fireAllFiresEverySecondWithinTheCatchUpWindowAndRecordsOlderOnes() {
    Job job = job(AT_LEAST_ONCE, MisfirePolicy.FIRE_ALL, Duration.ofSeconds(100));
    long now = B + 30;

    assertThat(misfires.judge(job, runtime, now - 101, now - 100, now))
        .isEqualTo(Misfires.Verdict.RECORD_MISSED);
    for (long second = now - 100; second < B; second++) {
      assertThat(misfires.judge(job, runtime, second, second + 1, now))
          .isEqualTo(Misfires.Verdict.FIRE);
    }
    assertThat(runtime.missedRecorded).isEqualTo(1); // a fired second is not a missed record
  }

  @ParameterizedTest
  @EnumSource(ExecutionType.class)
  void judge_skipNeverFiresEvenTheLastSecondOfTheEpisode(ExecutionType type) {
    Job job = job(type, MisfirePolicy.SKIP);

    assertThat(judgeEverySecond(job, B - 5, B - 1, B))
        .containsOnly(Misfires.Verdict.RECORD_MISSED)
        .hasSize(5);
    assertThat(misfires.judge(job, runtime, B - 1, CronSchedule.NO_NEXT, B))
        .isEqualTo(Misfires.Verdict.RECORD_MISSED);
  }

  @ParameterizedTest
  @EnumSource(MisfirePolicy.class)
  void judge_atMostOnceNeverCatchesUpWhateverThePolicy(MisfirePolicy policy) {
    Job job = job(AT_MOST_ONCE, policy);

    assertThat(judgeEverySecond(job, B - 5, B - 1, B)).containsOnly(Misfires.Verdict.RECORD_MISSED);
    assertThat(misfires.judge(job, runtime, B - 1, CronSchedule.NO_NEXT, B))
        .isEqualTo(Misfires.Verdict.RECORD_MISSED);
  }

  @Test
  void judge_recordsUpToMaxMissedRecordsPerJobAndEpisodeThenOnlyCounts() {
    Job job = job(AT_LEAST_ONCE, MisfirePolicy.SKIP);
    int beyond = 150;

    List<Misfires.Verdict> verdicts =
        judgeEverySecond(job, B - Misfires.MAX_MISSED_RECORDS - beyond, B - 1, B);

    assertThat(verdicts.subList(0, Misfires.MAX_MISSED_RECORDS))
        .containsOnly(Misfires.Verdict.RECORD_MISSED);
    assertThat(verdicts.subList(Misfires.MAX_MISSED_RECORDS, verdicts.size()))
        .hasSize(beyond)
        .containsOnly(Misfires.Verdict.COUNT_MISSED);
    assertThat(misfires.missedUnrecorded()).isEqualTo(beyond);
    assertThat(runtime.missedRecorded).isEqualTo(Misfires.MAX_MISSED_RECORDS);
  }

  @Test
  void judge_capsEachJobSeparatelyAndANewEpisodeRecordsAgain() {
    Job job = job(AT_LEAST_ONCE, MisfirePolicy.SKIP);
    JobRuntime other = new JobRuntime();
    judgeEverySecond(job, B - Misfires.MAX_MISSED_RECORDS - 1, B - 1, B);
    assertThat(misfires.missedUnrecorded()).isEqualTo(1);

    assertThat(misfires.judge(job, other, B - 1, B, B)).isEqualTo(Misfires.Verdict.RECORD_MISSED);

    // A fire starts: the episode is over, the next one records again.
    Fire fire = new Fire(UuidV7.next(B * 1000), job, B * 1000, Trigger.SCHEDULED);
    assertThat(runtime.admit(fire, OverlapPolicy.ALLOW)).isEqualTo(JobRuntime.Admission.FIRE);
    long now = B + 1000;
    assertThat(misfires.judge(job, runtime, now - THRESHOLD - 5, now - THRESHOLD - 4, now))
        .isEqualTo(Misfires.Verdict.RECORD_MISSED);
    assertThat(misfires.missedUnrecorded()).isEqualTo(1);
  }

  @Test
  void judge_recordsASecondWhoseJobIsNoLongerScheduledHereWithoutCountingIt() {
    Job job = job(AT_LEAST_ONCE, MisfirePolicy.FIRE_ONCE);

    for (int i = 0; i < 2 * Misfires.MAX_MISSED_RECORDS; i++) {
      assertThat(misfires.judge(job, null, B - 1, CronSchedule.NO_NEXT, B))
          .isEqualTo(Misfires.Verdict.RECORD_MISSED);
    }
    assertThat(misfires.missedUnrecorded()).isZero();
  }

  @Test
  void reason_saysWhetherNoEngineRanOrHowLateTheEngineWas() {
    assertThat(misfires.reason(B - 1, B)).isEqualTo("no engine was running at this second");
    assertThat(misfires.reason(B + 5, B + 80))
        .isEqualTo("the engine reached this second 75 s late");
  }
}
