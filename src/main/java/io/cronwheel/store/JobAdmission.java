package io.cronwheel.store;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.HeaderRules;
import io.cronwheel.model.Job;
import io.cronwheel.model.JobLimits;
import io.cronwheel.model.Partitioner;
import io.cronwheel.model.Target;
import io.cronwheel.model.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which jobs this engine holds in memory, so that job definitions can never exhaust the
 * heap, neither through the API nor at start-up, when every job is loaded again.
 *
 * <p>Each scheduled job is charged an estimate of the heap it takes ({@link #footprint}: a fixed
 * cost for its records and wheel entry plus its texts) against its partition's equal share of the
 * budget (partitions load on their own, side by side, so a shared counter would make which jobs fit
 * depend on their race). At start-up each partition admits its jobs in id (creation) order while
 * they fit its share; a job over the per-job {@link JobLimits} (a row stored before a limit
 * existed) or beyond the budget is left unscheduled and remembered with the reason, which the API
 * shows on the job ({@code "schedulable": false}) and in {@code /health}, and which {@link
 * #loadFinished} reports in one ERROR line and the {@code cronwheel.jobs.unschedulable} gauge.
 * Through the API, a create or change that would go over the budget is refused before anything is
 * stored ({@link Change}); changing an unschedulable job so that it fits schedules it.
 *
 * <p>Worked example with a budget of 2,000 bytes and jobs of 600 bytes: the load admits jobs 1-3
 * (1,800 bytes) and leaves job 4 unscheduled ("over budget"); deleting job 2 frees 600 bytes; a
 * PATCH of job 4 is then admitted and it is scheduled from its next second.
 *
 * <p>Thread-safe: the loader and the API call it from different event loops. At most {@link
 * #MAX_TRACKED} unschedulable jobs are remembered by id; beyond that only their count is kept (and
 * changes to jobs no longer release their charge, erring towards refusing rather than overfilling).
 */
public final class JobAdmission {
  /** Records, UUID, wheel entry, runtime state and map entry of one job, measured with 1M jobs. */
  static final long JOB_OVERHEAD_BYTES = 400;

  static final long STRING_OVERHEAD_BYTES = 40;
  static final long HEADER_OVERHEAD_BYTES = 32;
  static final int MAX_TRACKED = 100_000;
  static final int IDS_REPORTED = 5;

  private static final Logger log = LoggerFactory.getLogger(JobAdmission.class);

  /** Why a job is not scheduled. */
  public enum Reason {
    /** Over a per-job limit ({@link JobLimits}) or against a rule it was stored without. */
    INVALID,
    /** It would take the budget's memory over {@code CRONWHEEL_JOB_MEMORY_BUDGET}. */
    OVER_BUDGET
  }

  /** A job left unscheduled, and why, in words for the operator. */
  public record Refusal(Reason reason, String message) {}

  private final JobLimits limits;
  private final long budgetBytes;
  private final long shareBytes;
  private final Partitioner partitioner;
  private final EngineEvents events;
  private final AtomicLong[] charged;
  private final Map<UUID, Refusal> refused = new ConcurrentHashMap<>();
  private final AtomicLong untracked = new AtomicLong();
  private final LoadReport load = new LoadReport();

  public JobAdmission(
      JobLimits limits, long budgetBytes, Partitioner partitioner, EngineEvents events) {
    this.limits = limits;
    this.budgetBytes = budgetBytes;
    this.partitioner = partitioner;
    this.shareBytes = budgetBytes / partitioner.count();
    this.events = events;
    this.charged = new AtomicLong[partitioner.count()];
    for (int i = 0; i < charged.length; i++) {
      charged[i] = new AtomicLong();
    }
  }

  public JobLimits limits() {
    return limits;
  }

  public long budgetBytes() {
    return budgetBytes;
  }

  /** The estimated heap of the jobs admitted. */
  public long chargedBytes() {
    long sum = 0;
    for (AtomicLong share : charged) {
      sum += share.get();
    }
    return sum;
  }

  /** Jobs that should be scheduled and are not. */
  public long unschedulableCount() {
    return refused.size() + untracked.get();
  }

  /** A few of them, for {@code /health}. */
  public List<UUID> someUnschedulable(int count) {
    return refused.keySet().stream().limit(count).toList();
  }

  /**
   * Why the job is not scheduled, if it is not: it was refused here, or (whatever its state) it
   * breaks a per-job limit.
   */
  public Optional<Refusal> refusal(Job job) {
    Refusal known = refused.get(job.id());
    if (known != null) {
      return Optional.of(known);
    }
    Violation violation = limits.check(job.target());
    return violation == null
        ? Optional.empty()
        : Optional.of(new Refusal(Reason.INVALID, violation.message()));
  }

  /**
   * The start-up load: whether to schedule this stored job (active, not deleted). A job that does
   * not fit is remembered with its reason.
   */
  public boolean admitLoaded(Job job) {
    Violation violation = limits.check(job.target());
    if (violation != null) {
      refuse(job.id(), new Refusal(Reason.INVALID, violation.message()));
      return false;
    }
    long bytes = footprint(job);
    if (!tryCharge(job.id(), bytes)) {
      refuse(job.id(), overBudget(job.id(), bytes));
      return false;
    }
    return true;
  }

  /**
   * The start-up load: a stored job whose target document ({@code storedBytes} as PostgreSQL prints
   * it) is too large to be worth reading; it cannot be within the limits.
   */
  public void refuseUnread(UUID jobId, long storedBytes) {
    refuse(
        jobId,
        new Refusal(
            Reason.INVALID,
            "the stored target is "
                + storedBytes
                + " bytes, far over the limits (target.body "
                + limits.maxTargetBodyBytes()
                + " bytes, CRONWHEEL_MAX_TARGET_BODY_BYTES; target.headers "
                + HeaderRules.MAX_HEADERS_BYTES
                + " bytes)"));
  }

  /**
   * Reports the start-up load once: one ERROR line with the count and the first few job ids, and
   * the gauge. Silent when every job was admitted.
   */
  public void loadFinished() {
    events.unschedulableJobs(unschedulableCount());
    String report = load.summary(budgetBytes, chargedBytes());
    if (report != null) {
      log.error(report);
    }
  }

  /**
   * A job about to be created ({@code before} null), changed, paused or deleted through the API:
   * charges the change, or refuses it when it would go over the budget. The caller stores the job
   * only if {@link Change#refusal()} is null, then calls {@link Change#commit} or, if the write
   * failed, {@link Change#rollback}.
   */
  public Change change(Job before, Job after) {
    boolean beforeCharged =
        before != null
            && before.isScheduled()
            && untracked.get() == 0
            && !refused.containsKey(before.id());
    long released = beforeCharged ? footprint(before) : 0;
    long needed = after.isScheduled() ? footprint(after) : 0;
    long delta = needed - released;
    if (delta > 0 && !tryCharge(after.id(), delta)) {
      return new Change(overBudget(after.id(), needed), 0, after);
    }
    if (delta <= 0) {
      share(after.id()).addAndGet(delta);
    }
    return new Change(null, delta, after);
  }

  /** A charged change through the API; see {@link #change}. */
  public final class Change {
    private final Refusal refusal;
    private final long delta;
    private final Job after;

    private Change(Refusal refusal, long delta, Job after) {
      this.refusal = refusal;
      this.delta = delta;
      this.after = after;
    }

    /** Null when the change fits; otherwise why it does not. */
    public Refusal refusal() {
      return refusal;
    }

    /** The job as stored (PostgreSQL may have normalised its body): the charge is settled on it. */
    public void commit(Job saved) {
      if (after.isScheduled()) {
        share(saved.id()).addAndGet(footprint(saved) - footprint(after));
      }
      if (refused.remove(saved.id()) != null) {
        events.unschedulableJobs(unschedulableCount());
      }
    }

    public void rollback() {
      share(after.id()).addAndGet(-delta);
    }
  }

  /**
   * The estimated heap a scheduled job holds: a fixed part plus its texts (name, URL, body,
   * headers, webhook), each counted in full. Texts that many jobs repeat are in fact shared, so
   * this errs high for them.
   */
  /**
   * A partition stopped in this process (its lease moved to another node, or was lost): its jobs no
   * longer take heap here, and are judged afresh if the partition comes back.
   */
  public void partitionStopped(int partition) {
    charged[partition].set(0);
    refused.keySet().removeIf(jobId -> partitioner.partitionOf(jobId) == partition);
  }

  public static long footprint(Job job) {
    Target target = job.target();
    long bytes = JOB_OVERHEAD_BYTES + text(job.name()) + text(target.url());
    bytes += text(target.bodyJson()) + text(job.spec().alertWebhook());
    for (Map.Entry<String, String> header : target.headers().entrySet()) {
      bytes += HEADER_OVERHEAD_BYTES + text(header.getKey()) + text(header.getValue());
    }
    for (String secret : target.secretHeaders()) {
      bytes += text(secret);
    }
    return bytes;
  }

  /** A Java string's heap: one byte per character when all are Latin-1, else two. */
  private static long text(String text) {
    if (text == null) {
      return 0;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xff) {
        return STRING_OVERHEAD_BYTES + 2L * text.length();
      }
    }
    return STRING_OVERHEAD_BYTES + text.length();
  }

  private AtomicLong share(UUID jobId) {
    return charged[partitioner.partitionOf(jobId)];
  }

  private boolean tryCharge(UUID jobId, long bytes) {
    AtomicLong share = share(jobId);
    while (true) {
      long current = share.get();
      if (current + bytes > shareBytes) {
        return false;
      }
      if (share.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  private Refusal overBudget(UUID jobId, long bytes) {
    return new Refusal(
        Reason.OVER_BUDGET,
        "the job needs about "
            + bytes
            + " bytes of memory and its partition's share of the job memory budget"
            + " (CRONWHEEL_JOB_MEMORY_BUDGET "
            + budgetBytes
            + " bytes over "
            + charged.length
            + " partitions) has "
            + Math.max(0, shareBytes - share(jobId).get())
            + " left: make the job smaller, pause or delete other jobs, or raise the budget");
  }

  private void refuse(UUID jobId, Refusal refusal) {
    load.add(jobId, refusal);
    if (refused.size() < MAX_TRACKED || refused.containsKey(jobId)) {
      refused.put(jobId, refusal);
    } else {
      untracked.incrementAndGet();
    }
  }

  /** What the start-up load refused, summed up for one log line. */
  private static final class LoadReport {
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong overBudget = new AtomicLong();
    private final List<String> first = new ArrayList<>();

    void add(UUID jobId, Refusal refusal) {
      (refusal.reason() == Reason.INVALID ? invalid : overBudget).incrementAndGet();
      synchronized (first) {
        if (first.size() < IDS_REPORTED) {
          first.add(jobId + " (" + refusal.message() + ")");
        }
      }
    }

    String summary(long budgetBytes, long chargedBytes) {
      long total = invalid.get() + overBudget.get();
      if (total == 0) {
        return null;
      }
      synchronized (first) {
        return total
            + " job(s) are NOT scheduled: "
            + invalid.get()
            + " over the per-job limits, "
            + overBudget.get()
            + " beyond the job memory budget ("
            + chargedBytes
            + " of "
            + budgetBytes
            + " bytes used, CRONWHEEL_JOB_MEMORY_BUDGET); first: "
            + String.join("; ", first)
            + ". GET /api/v1/jobs/{id} shows each one's reason (\"schedulable\": false); "
            + "PATCH a job to fix it, or raise the limits and restart";
      }
    }
  }
}
