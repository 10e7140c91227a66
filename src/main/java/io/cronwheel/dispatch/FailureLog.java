package io.cronwheel.dispatch;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed executions, logged per target host and interval instead of one line each: during a host
 * outage a thousand every-second jobs would otherwise write a thousand lines a second. Partitions
 * count from any thread; {@link #flush} (run every interval) writes one line per host that had
 * failures, with the counts by reason and one example job and execution id. Bounded: past {@link
 * #MAX_HOSTS} hosts in one interval the rest are counted together.
 */
public final class FailureLog {
  static final int MAX_HOSTS = 1000;
  private static final String OTHER_HOSTS = "(other hosts)";
  private static final Logger log = LoggerFactory.getLogger(FailureLog.class);

  private static final class Tally {
    final ConcurrentHashMap<String, LongAdder> byReason = new ConcurrentHashMap<>();
    volatile String example;
  }

  private final AtomicReference<ConcurrentHashMap<String, Tally>> current =
      new AtomicReference<>(new ConcurrentHashMap<>());

  /**
   * Counts one failed execution.
   *
   * @param reason short and shared by many executions, e.g. "HTTP 503" or "circuit open"
   */
  public void failed(String host, String reason, UUID jobId, UUID executionId) {
    ConcurrentHashMap<String, Tally> tallies = current.get();
    String key = tallies.size() >= MAX_HOSTS && !tallies.containsKey(host) ? OTHER_HOSTS : host;
    Tally tally = tallies.computeIfAbsent(key, k -> new Tally());
    tally.byReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
    tally.example = "job " + jobId + " execution " + executionId;
  }

  /** Logs what failed since the last flush, one line per host; returns the number of lines. */
  public int flush(String interval) {
    ConcurrentHashMap<String, Tally> tallies = current.getAndSet(new ConcurrentHashMap<>());
    for (Map.Entry<String, Tally> entry : new TreeMap<>(tallies).entrySet()) {
      Tally tally = entry.getValue();
      long total = 0;
      StringBuilder reasons = new StringBuilder();
      for (Map.Entry<String, LongAdder> reason : new TreeMap<>(tally.byReason).entrySet()) {
        long count = reason.getValue().sum();
        total += count;
        reasons.append(reasons.length() == 0 ? "" : ", ").append(count).append(' ');
        reasons.append(reason.getKey());
      }
      log.warn(
          "target {}: {} execution(s) failed in the last {} ({}); e.g. {}",
          entry.getKey(),
          total,
          interval,
          reasons,
          tally.example);
    }
    return tallies.size();
  }
}
