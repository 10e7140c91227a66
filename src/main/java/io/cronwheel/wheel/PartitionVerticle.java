package io.cronwheel.wheel;

import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.UnfinishedExecution;
import io.cronwheel.runtime.ContextTimers;
import io.cronwheel.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.function.Consumer;

/**
 * One partition as a Vert.x verticle: its {@link PartitionLoop} runs on this verticle's event loop,
 * with the context's timers as its tick source. The public methods may be called from any thread:
 * they hop onto the context and answer with a future completed once the step has run there.
 */
public final class PartitionVerticle extends VerticleBase {
  private final int partition;
  private final Long resumeAfterSecond;
  private final PartitionSettings settings;
  private final PartitionPorts ports;
  private final Clock clock;
  private PartitionLoop loop;
  private volatile int jobCount;

  /**
   * @param resumeAfterSecond the last second this partition handed out in an earlier run, or null
   *     if it never ran
   */
  public PartitionVerticle(
      int partition,
      Long resumeAfterSecond,
      PartitionSettings settings,
      PartitionPorts ports,
      Clock clock) {
    this.partition = partition;
    this.resumeAfterSecond = resumeAfterSecond;
    this.settings = settings;
    this.ports = ports;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    loop =
        new PartitionLoop(
            partition, resumeAfterSecond, settings, ports, clock, new ContextTimers(context));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return loop.stop();
  }

  public int partition() {
    return partition;
  }

  /** Jobs scheduled in this partition (updated on the loop, readable anywhere). */
  public int jobCount() {
    return jobCount;
  }

  /** Applies job changes from the API: effective from the next second. */
  public Future<Void> apply(List<Job> jobs) {
    return onLoop(loop -> loop.apply(jobs));
  }

  /**
   * Loads jobs at start-up, scheduled from where this partition stopped, so the downtime is
   * replayed.
   */
  public Future<Void> load(List<Job> jobs) {
    return onLoop(loop -> loop.load(jobs));
  }

  /** Takes the executions an earlier run left claimed or running in this partition. */
  public Future<Void> recover(
      List<UnfinishedExecution> unfinished, boolean anotherEngineMayBeLive) {
    return onLoop(loop -> unfinished.forEach(u -> loop.recover(u, anotherEngineMayBeLive)));
  }

  /** Settles the recovered executions whose seconds have passed; call once the jobs are loaded. */
  public Future<Void> settleRecovered() {
    return onLoop(PartitionLoop::settleRecovered);
  }

  /** Starts handing out seconds; call once the jobs are loaded and recovery settled. */
  public Future<Void> startFiring() {
    return onLoop(PartitionLoop::startFiring);
  }

  /** Sends a fire now, outside the schedule (a manual trigger). */
  public Future<Void> fireNow(Fire fire) {
    return onLoop(loop -> loop.fireNow(fire));
  }

  private Future<Void> onLoop(Consumer<PartitionLoop> step) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          try {
            step.accept(loop);
            jobCount = loop.jobCount();
            done.complete();
          } catch (Throwable t) {
            done.fail(t);
          }
        });
    return done.future();
  }
}
