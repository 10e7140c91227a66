package io.cronwheel.alert;

import io.cronwheel.model.AlertType;
import io.cronwheel.model.Execution;
import io.cronwheel.time.UuidV7;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One job's alerting state while it fails, and for one interval after its last alert: what the
 * receiver was last told (failing or healthy, and when), what is true now, and the failures not
 * told yet. The rules, applied at each final execution and at each sweep:
 *
 * <ul>
 *   <li>a failure when the last alert is older than the interval (or there is none) is told at
 *       once: {@code JOB_FAILING} if the receiver last heard "healthy", else {@code
 *       JOB_STILL_FAILING};
 *   <li>a success after the receiver heard "failing" is told at once: {@code JOB_RESOLVED};
 *   <li>anything else is held and told by the first sweep one interval after the last alert. So a
 *       job flapping between failure and success gets at most two alerts per interval.
 * </ul>
 *
 * <p>Example, interval 1m: fails at 0s ({@code JOB_FAILING}, 1), 1s..59s (held), 60s ({@code
 * JOB_STILL_FAILING}, 60 since the previous alert, 61 in all), succeeds at 75s ({@code
 * JOB_RESOLVED}, 14, 75), fails at 80s (held: the last alert was 5 s ago), paused; the sweep after
 * 135s tells {@code JOB_FAILING} (1).
 *
 * <p>Thread-safety: a job's executions complete on its partition's loop and the sweep runs on the
 * alert loop, so every method holds this episode's own monitor, which only those two ever take. A
 * retired episode (removed from the tracker) refuses failures; the caller then makes a new one.
 */
final class Episode {
  /** What a sweep found. */
  enum Swept {
    FAILING,
    HEALTHY,
    RETIRED
  }

  final UUID jobId;
  private String jobName;
  private String webhook;
  // What the receiver was last told.
  private boolean everAlerted;
  private boolean toldFailing;
  private long lastAlertAtMillis;
  // What is true now.
  private boolean failing;
  private long failingSinceMillis;
  private long totalFailures;
  private int failuresSinceAlert;
  private Execution lastExecution;
  private long lastFailureAtMillis;
  private long resolvedAtMillis;
  private boolean retired;

  Episode(UUID jobId) {
    this.jobId = jobId;
  }

  /** A failing episode read back after a restart: the receiver was last told "failing". */
  static Episode restored(
      UUID jobId, long failingSinceMillis, long totalFailures, long lastAlertAtMillis) {
    Episode episode = new Episode(jobId);
    episode.everAlerted = true;
    episode.toldFailing = true;
    episode.lastAlertAtMillis = lastAlertAtMillis;
    episode.failing = true;
    episode.failingSinceMillis = failingSinceMillis;
    episode.totalFailures = totalFailures;
    episode.lastFailureAtMillis = lastAlertAtMillis;
    return episode;
  }

  /** A final failure; false if this episode was retired meanwhile (make a new one). */
  synchronized boolean failed(
      String name,
      Execution execution,
      String hook,
      long nowMillis,
      long intervalMillis,
      Consumer<NewAlert> out) {
    if (retired) {
      return false;
    }
    jobName = name;
    webhook = hook;
    if (!failing) {
      failing = true;
      failingSinceMillis = execution.scheduledAt().toEpochMilli();
      totalFailures = 0;
    }
    totalFailures++;
    if (failuresSinceAlert < Integer.MAX_VALUE) {
      failuresSinceAlert++;
    }
    lastExecution = execution;
    lastFailureAtMillis = nowMillis;
    if (due(nowMillis, intervalMillis)) {
      out.accept(alert(nowMillis));
    }
    return true;
  }

  /** A success: the episode is over; told at once if the receiver last heard "failing". */
  synchronized void succeeded(
      String name,
      Execution execution,
      String hook,
      long nowMillis,
      long intervalMillis,
      Consumer<NewAlert> out) {
    if (retired || !failing) {
      return;
    }
    failing = false;
    jobName = name;
    if (hook != null) {
      webhook = hook;
    }
    lastExecution = execution;
    resolvedAtMillis = nowMillis;
    if (webhook != null && (toldFailing || due(nowMillis, intervalMillis))) {
      out.accept(alert(nowMillis));
    }
  }

  /**
   * Tells what was held back once its interval is over, and retires the episode once there is
   * nothing left to tell: one interval after a healthy alert, or {@code idleMillis} after its last
   * failure (a paused or deleted job that never succeeds again gets no {@code JOB_RESOLVED}).
   */
  synchronized Swept sweep(
      long nowMillis, long intervalMillis, long idleMillis, Consumer<NewAlert> out) {
    if (retired) {
      return Swept.RETIRED;
    }
    if (!everAlerted) {
      // Just made; its first failure is being applied on the partition's loop.
      return Swept.FAILING;
    }
    boolean due = due(nowMillis, intervalMillis);
    if (due && hasNews() && webhook != null) {
      out.accept(alert(nowMillis));
    } else if ((due && !failing && !toldFailing) || nowMillis - lastFailureAtMillis >= idleMillis) {
      retired = true;
      return Swept.RETIRED;
    }
    return failing ? Swept.FAILING : Swept.HEALTHY;
  }

  private boolean due(long nowMillis, long intervalMillis) {
    return !everAlerted || nowMillis - lastAlertAtMillis >= intervalMillis;
  }

  private boolean hasNews() {
    return failuresSinceAlert > 0 || failing != toldFailing;
  }

  private NewAlert alert(long nowMillis) {
    AlertType type =
        failing
            ? (toldFailing ? AlertType.JOB_STILL_FAILING : AlertType.JOB_FAILING)
            : AlertType.JOB_RESOLVED;
    NewAlert alert =
        new NewAlert(
            UuidV7.next(nowMillis),
            type,
            jobId,
            jobName,
            webhook,
            nowMillis,
            failingSinceMillis,
            failuresSinceAlert,
            totalFailures,
            lastExecution,
            failing ? null : resolvedAtMillis);
    everAlerted = true;
    toldFailing = failing;
    lastAlertAtMillis = nowMillis;
    failuresSinceAlert = 0;
    return alert;
  }
}
