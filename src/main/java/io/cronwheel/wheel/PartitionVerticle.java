package io.cronwheel.wheel;

import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.runtime.ContextTimers;
import io.cronwheel.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition as a Vert.x verticle: its {@link PartitionLoop} runs on this verticle's event loop,
 * with the context's timers as its tick source.
 *
 * <p>Starting it is the partition's own start-up, in order, alone (other partitions neither wait
 * for it nor delay it): read its progress mark; take the executions an earlier run left unfinished;
 * note the seconds since the mark that already have a row; load its jobs, page by page; settle the
 * unfinished executions; start firing. Deployment completes when it fires.
 *
 * <p>The public methods may be called from any thread: they hop onto the context and answer with a
 * future completed once the step has run there.
 */
public final class PartitionVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PartitionVerticle.class);
  private static final int LOAD_PAGE_SIZE = 10_000;

  /** Rows of the downtime window remembered so the replay does not repeat them. */
  private static final int MAX_RECORDED_SECONDS = 2_000_000;

  private final int partition;
  private final PartitionSettings settings;
  private final PartitionPorts ports;
  private final Clock clock;
  private PartitionLoop loop;
  private volatile int jobCount;

  public PartitionVerticle(
      int partition, PartitionSettings settings, PartitionPorts ports, Clock clock) {
    this.partition = partition;
    this.settings = settings;
    this.ports = ports;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    long startNanos = System.nanoTime();
    return ports
        .store()
        .loadProgress()
        .compose(
            mark -> {
              loop =
                  new PartitionLoop(
                      partition, mark, settings, ports, clock, new ContextTimers(context));
              return ports.store().unfinished();
            })
        .compose(
            unfinished -> {
              unfinished.forEach(loop::recover);
              return loop.replayFrom() < loop.recoveryBoundary()
                  ? ports
                      .store()
                      .recorded(
                          loop.replayFrom(),
                          loop.recoveryBoundary(),
                          MAX_RECORDED_SECONDS,
                          loop::recorded)
                  : Future.succeededFuture(0);
            })
        .compose(
            recorded -> {
              if (recorded >= MAX_RECORDED_SECONDS) {
                log.warn(
                    "partition {}: more than {} rows since the progress mark; the replay may repeat"
                        + " a few seconds",
                    partition,
                    MAX_RECORDED_SECONDS);
              }
              return ports.store().loadJobs(LOAD_PAGE_SIZE, page -> loop.load(page));
            })
        .onSuccess(
            loaded -> {
              loop.settleRecovered();
              loop.startFiring();
              jobCount = loop.jobCount();
              log.info(
                  "partition {}: {} job(s) loaded, firing after {} ms",
                  partition,
                  loaded,
                  (System.nanoTime() - startNanos) / 1_000_000);
            });
  }

  @Override
  public Future<?> stop() {
    return loop == null ? Future.succeededFuture() : loop.stop();
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
    return onLoop(l -> l.apply(jobs));
  }

  /** Sends a fire now, outside the schedule (a manual trigger). */
  public Future<Void> fireNow(Fire fire) {
    return onLoop(l -> l.fireNow(fire));
  }

  private Future<Void> onLoop(Consumer<PartitionLoop> step) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          if (loop == null) {
            done.fail("partition " + partition + " is not started");
            return;
          }
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
