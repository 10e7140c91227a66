package io.cronwheel.model;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What a job is: everything a user defines about it. {@link Job} adds identity and lifecycle.
 *
 * @param catchUpWindow how far back {@link MisfirePolicy#FIRE_ALL} fires missed seconds
 * @param alertWebhook where final failures are reported, or {@code null} for the global default
 */
public record JobSpec(
    String name,
    String schedule,
    ZoneId timezone,
    ExecutionType executionType,
    Target target,
    Duration timeout,
    RetryPolicy retry,
    MisfirePolicy misfirePolicy,
    Duration catchUpWindow,
    OverlapPolicy overlapPolicy,
    String alertWebhook) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("UTC");
  public static final Duration DEFAULT_CATCH_UP_WINDOW = Duration.ofHours(1);

  public JobSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schedule, "schedule");
    timezone = timezone == null ? DEFAULT_TIMEZONE : timezone;
    executionType = executionType == null ? ExecutionType.AT_LEAST_ONCE : executionType;
    Objects.requireNonNull(target, "target");
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    retry = retry == null ? RetryPolicy.DEFAULT : retry;
    misfirePolicy = misfirePolicy == null ? MisfirePolicy.FIRE_ONCE : misfirePolicy;
    catchUpWindow = catchUpWindow == null ? DEFAULT_CATCH_UP_WINDOW : catchUpWindow;
    overlapPolicy = overlapPolicy == null ? OverlapPolicy.ALLOW : overlapPolicy;
  }

  /** A spec with the defaults for everything but the three required fields. */
  public static JobSpec of(String name, String schedule, Target target) {
    return new JobSpec(name, schedule, null, null, target, null, null, null, null, null, null);
  }

  public JobSpec withSchedule(String newSchedule) {
    return new JobSpec(
        name,
        newSchedule,
        timezone,
        executionType,
        target,
        timeout,
        retry,
        misfirePolicy,
        catchUpWindow,
        overlapPolicy,
        alertWebhook);
  }

  public JobSpec withExecutionType(ExecutionType type) {
    return new JobSpec(
        name,
        schedule,
        timezone,
        type,
        target,
        timeout,
        retry,
        misfirePolicy,
        catchUpWindow,
        overlapPolicy,
        alertWebhook);
  }

  public JobSpec withTarget(Target newTarget) {
    return new JobSpec(
        name,
        schedule,
        timezone,
        executionType,
        newTarget,
        timeout,
        retry,
        misfirePolicy,
        catchUpWindow,
        overlapPolicy,
        alertWebhook);
  }

  public JobSpec withOverlapPolicy(OverlapPolicy policy) {
    return new JobSpec(
        name,
        schedule,
        timezone,
        executionType,
        target,
        timeout,
        retry,
        misfirePolicy,
        catchUpWindow,
        policy,
        alertWebhook);
  }

  public JobSpec withMisfirePolicy(MisfirePolicy policy) {
    return new JobSpec(
        name,
        schedule,
        timezone,
        executionType,
        target,
        timeout,
        retry,
        policy,
        catchUpWindow,
        overlapPolicy,
        alertWebhook);
  }
}
