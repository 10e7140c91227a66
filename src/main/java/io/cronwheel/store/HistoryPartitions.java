package io.cronwheel.store;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The time ranges of the {@code executions} partitions: which to create so the next seconds always
 * have a partition, and which have expired and are dropped whole. Pure: the caller reads the
 * existing ranges from the catalog and passes the time in.
 *
 * <p>Ranges are aligned on whole multiples of the interval since the epoch, so every node computes
 * the same names and bounds; a range that continues an unaligned one (the migrated legacy table)
 * runs to the next boundary. Creation continues after the latest existing range, without gaps, so a
 * replayed second after a downtime finds its partition.
 */
public final class HistoryPartitions {
  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("'executions_'yyyyMMdd'_'HHmm").withZone(ZoneOffset.UTC);

  /** Partitions are created this far ahead at least, so a maintenance run may fail a while. */
  static final Duration MIN_AHEAD = Duration.ofMinutes(15);

  /**
   * One partition: {@code from} null is MINVALUE, {@code to} null is MAXVALUE.
   *
   * @param name the table's name
   */
  public record Range(String name, Instant from, Instant to) {}

  private final Duration interval;
  private final Duration retention;

  /**
   * @param retention how long rows are kept; zero keeps them forever
   */
  public HistoryPartitions(Duration interval, Duration retention) {
    if (interval.toSeconds() < 1) {
      throw new IllegalArgumentException("interval must be at least a second: " + interval);
    }
    this.interval = interval;
    this.retention = retention;
  }

  /** How far ahead of now the partitions reach after a run: two intervals, at least 15 min. */
  Duration ahead() {
    Duration two = interval.multipliedBy(2);
    return two.compareTo(MIN_AHEAD) < 0 ? MIN_AHEAD : two;
  }

  /**
   * The ranges to create, oldest first, so that every second up to now + {@link #ahead} has one.
   */
  public List<Range> toCreate(List<Range> existing, Instant now) {
    Instant latest = null;
    for (Range range : existing) {
      if (range.to() == null) {
        return List.of(); // a range up to MAXVALUE: nothing can follow it
      }
      if (latest == null || range.to().isAfter(latest)) {
        latest = range.to();
      }
    }
    Instant current = floor(now);
    // After a downtime longer than the retention, the missing ranges would be dropped at once.
    Instant oldestWanted = retention.isZero() ? null : floor(now.minus(retention));
    Instant start =
        latest == null || (oldestWanted != null && latest.isBefore(oldestWanted))
            ? current
            : latest;
    Instant until = now.plus(ahead());
    List<Range> created = new ArrayList<>();
    while (start.isBefore(until)) {
      Instant end = floor(start).plus(interval);
      created.add(new Range(nameFor(start), start, end));
      start = end;
    }
    return created;
  }

  /** The ranges whose every second is older than the retention, oldest first. */
  public List<Range> expired(List<Range> existing, Instant now) {
    if (retention.isZero()) {
      return List.of();
    }
    Instant horizon = now.minus(retention);
    List<Range> expired = new ArrayList<>();
    for (Range range : existing) {
      if (range.to() != null && !range.to().isAfter(horizon)) {
        expired.add(range);
      }
    }
    expired.sort((a, b) -> a.to().compareTo(b.to()));
    return expired;
  }

  Instant floor(Instant t) {
    long seconds = interval.toSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), seconds) * seconds);
  }

  static String nameFor(Instant from) {
    return NAME.format(from);
  }
}
