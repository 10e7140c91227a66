package io.cronwheel.cluster;

import io.cronwheel.model.Job;
import io.cronwheel.store.PgJobStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings job changes made through any node's API to the partition that fires the job, wherever it
 * runs. Every insert or update of a job takes the next {@code change_seq} and notifies {@code
 * cronwheel_jobs}; a notification (or a reconnect of the listener, or the periodic reconcile) only
 * pokes this feed, which then reads every change after the last one it applied, in order. So a
 * missed notification costs nothing but latency, and a burst of changes costs one query per page.
 *
 * <p>Not thread-safe: one event loop (the {@link ClusterNode}'s).
 */
public final class JobChangeFeed {
  private static final Logger log = LoggerFactory.getLogger(JobChangeFeed.class);
  static final int PAGE = 1000;

  private final PgJobStore jobs;
  private final Consumer<Job> apply;
  private long lastSeq = -1;
  private boolean running;
  private boolean again;
  private boolean failing;

  /**
   * @param apply hands a changed job to its partition (ignored when this node does not fire it)
   */
  public JobChangeFeed(PgJobStore jobs, Consumer<Job> apply) {
    this.jobs = jobs;
    this.apply = apply;
  }

  /** Starts from the latest change: partitions started after this load the jobs as they are. */
  public Future<Void> start() {
    return jobs.lastChange().onSuccess(seq -> lastSeq = seq).mapEmpty();
  }

  /** Something changed (or may have): read the changes soon; calls while reading coalesce. */
  public void poke() {
    if (lastSeq < 0) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    catchUp()
        .onComplete(
            ar -> {
              running = false;
              if (ar.failed() && !failing) {
                failing = true;
                log.warn("job change feed: cannot read changes ({})", ar.cause().getMessage());
              } else if (ar.succeeded() && failing) {
                failing = false;
                log.info("job change feed: reading changes again");
              }
              if (again) {
                again = false;
                poke();
              }
            });
  }

  private Future<Void> catchUp() {
    Promise<Void> done = Promise.promise();
    jobs.changedSince(lastSeq, PAGE)
        .onFailure(done::fail)
        .onSuccess(
            changes -> {
              changes.jobs().forEach(apply);
              lastSeq = changes.lastSeq();
              if (changes.jobs().size() == PAGE) {
                catchUp().onComplete(done);
              } else {
                done.complete();
              }
            });
    return done.future();
  }
}
