package io.cronwheel.alert;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.AlertType;
import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.Job;
import io.cronwheel.time.Clock;
import io.cronwheel.time.Timers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns final executions into a bounded number of alerts: one {@link Episode} per job that is
 * failing (or was told about within the last interval), in a map keyed by job id. Nothing is kept
 * for a healthy job, so a success is one lock-free {@code get}; a failure takes only its own
 * episode's monitor. The map holds at most {@code maxEpisodes} entries: a job that starts failing
 * when it is full is not tracked and raises no alert (counted, and logged once per interval).
 *
 * <p>Alerts go to {@code out} (the {@link AlertWriter}). A sweep every quarter interval, on the
 * loop {@link #start} is given, tells what episodes held back and retires finished ones. Episodes
 * still failing are written with their alerts to {@code alert_episodes}, from which {@link
 * #restore} carries them over a restart.
 *
 * <p>{@link #completed} is called from any partition loop; the sweep runs on the alert loop.
 */
public final class AlertTracker implements AlertSink {
  private static final Logger log = LoggerFactory.getLogger(AlertTracker.class);

  /** An episode with no failure for this long is forgotten (its job was paused or deleted). */
  static final Duration IDLE_LIMIT = Duration.ofDays(7);

  /** A failing episode as stored: read back at start-up. */
  public record OpenEpisode(
      UUID jobId, long failingSinceMillis, long totalFailures, long lastAlertAtMillis) {}

  private final ConcurrentHashMap<UUID, Episode> episodes = new ConcurrentHashMap<>();
  private final AlertSettings settings;
  private final long intervalMillis;
  private final String globalWebhook;
  private final Clock clock;
  private final EngineEvents events;
  private final Consumer<NewAlert> raise;
  private final LongAdder started = new LongAdder();
  private final LongAdder resolved = new LongAdder();
  private final LongAdder untracked = new LongAdder();
  private Timers timers;
  private long sweepTimer = -1;
  private long lastLogMillis;

  public AlertTracker(
      AlertSettings settings,
      Optional<String> globalWebhook,
      Clock clock,
      EngineEvents events,
      Consumer<NewAlert> out) {
    this.settings = settings;
    this.intervalMillis = settings.interval().toMillis();
    this.globalWebhook = globalWebhook.orElse(null);
    this.clock = clock;
    this.events = events;
    this.raise =
        alert -> {
          events.alertRaised(alert.type());
          if (alert.type() == AlertType.JOB_FAILING) {
            started.increment();
          } else if (alert.type() == AlertType.JOB_RESOLVED) {
            resolved.increment();
          }
          out.accept(alert);
        };
    this.lastLogMillis = clock.epochMillis();
  }

  /** Sweeps on the loop these timers belong to, every {@link AlertSettings#sweepEvery()}. */
  public void start(Timers loopTimers) {
    this.timers = loopTimers;
    armSweep();
  }

  public void stop() {
    if (timers != null) {
      timers.cancel(sweepTimer);
    }
    sweepTimer = -1;
  }

  /** Carries failing episodes over a restart; call before the first execution completes. */
  public void restore(List<OpenEpisode> open) {
    for (OpenEpisode e : open) {
      if (episodes.size() >= settings.maxEpisodes()) {
        break;
      }
      episodes.putIfAbsent(
          e.jobId(),
          Episode.restored(
              e.jobId(), e.failingSinceMillis(), e.totalFailures(), e.lastAlertAtMillis()));
    }
    if (!open.isEmpty()) {
      log.info(
          "alerts: {} job(s) were failing at the last stop; their episodes go on", open.size());
    }
  }

  @Override
  public void completed(Job job, Execution execution) {
    if (execution.status() == ExecutionStatus.SUCCEEDED) {
      Episode episode = episodes.get(job.id());
      if (episode != null) {
        episode.succeeded(
            job.name(), execution, webhookOf(job), clock.epochMillis(), intervalMillis, raise);
      }
    } else if (execution.status() == ExecutionStatus.FAILED) {
      failed(job, execution);
    }
  }

  private void failed(Job job, Execution execution) {
    String webhook = webhookOf(job);
    if (webhook == null) {
      return;
    }
    long nowMillis = clock.epochMillis();
    while (true) {
      Episode episode = episodes.get(job.id());
      if (episode == null) {
        if (episodes.size() >= settings.maxEpisodes()) {
          untracked.increment();
          events.alertNotTracked();
          return;
        }
        Episode fresh = new Episode(job.id());
        episode = episodes.putIfAbsent(job.id(), fresh);
        if (episode == null) {
          episode = fresh;
        }
      }
      if (episode.failed(job.name(), execution, webhook, nowMillis, intervalMillis, raise)) {
        return;
      }
      // Retired by a sweep meanwhile; it has left the map, so the next round makes a new one.
    }
  }

  /** Jobs tracked now: failing, or told about within the last interval. */
  public int episodes() {
    return episodes.size();
  }

  /** Tells what was held back and retires finished episodes. Runs on the alert loop. */
  void sweep() {
    long nowMillis = clock.epochMillis();
    long idleMillis = IDLE_LIMIT.toMillis();
    int failing = 0;
    for (Episode episode : episodes.values()) {
      Episode.Swept swept = episode.sweep(nowMillis, intervalMillis, idleMillis, raise);
      if (swept == Episode.Swept.RETIRED) {
        episodes.remove(episode.jobId, episode);
      } else if (swept == Episode.Swept.FAILING) {
        failing++;
      }
    }
    if (nowMillis - lastLogMillis >= intervalMillis) {
      logSummary(nowMillis, failing);
    }
  }

  private void logSummary(long nowMillis, int failing) {
    long startedNow = started.sumThenReset();
    long resolvedNow = resolved.sumThenReset();
    long untrackedNow = untracked.sumThenReset();
    if (startedNow > 0 || resolvedNow > 0) {
      log.info(
          "alerts: in the last {} s {} job(s) started failing and {} recovered; {} failing now",
          (nowMillis - lastLogMillis) / 1000,
          startedNow,
          resolvedNow,
          failing);
    }
    if (untrackedNow > 0) {
      log.warn(
          "alerts: {} failure(s) of jobs not tracked in the last {} s: {} jobs are tracked already"
              + " (the most); they raise no alert",
          untrackedNow,
          (nowMillis - lastLogMillis) / 1000,
          settings.maxEpisodes());
    }
    lastLogMillis = nowMillis;
  }

  private void armSweep() {
    sweepTimer =
        timers.schedule(
            settings.sweepEvery().toMillis(),
            () -> {
              try {
                sweep();
              } catch (Throwable t) {
                events.unexpected("alert sweep", t);
              }
              if (sweepTimer >= 0) {
                armSweep();
              }
            });
  }

  private String webhookOf(Job job) {
    String own = job.spec().alertWebhook();
    return own != null ? own : globalWebhook;
  }
}
