package io.cronwheel.cron;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed, compiled cron schedule in a time zone: immutable and thread-safe.
 *
 * <p>Syntax: six fields, seconds first: {@code second minute hour day-of-month month day-of-week}.
 * Values, ranges ({@code a-b}; a range with a > b wraps, e.g. {@code FRI-MON} or {@code 22-2}),
 * lists, steps ({@code *}{@code /n}, {@code a-b/n}, {@code a/n}), names {@code JAN-DEC} and {@code
 * SUN-SAT} (any case). Day-of-week: 0 or 7 = Sunday, 1 = Monday ... 6 = Saturday; {@code *}{@code
 * /2} there means Sunday, Tuesday, Thursday, Saturday as in Unix cron. Specials: {@code ?} (no
 * specific value) in either or both day fields; in day-of-month {@code L} (last day), {@code L-n}
 * (n = 1..30 days before it; no fire in a month too short for it), {@code nW} (weekday nearest to
 * day n, never leaving the month; no fire if day n does not exist), {@code LW} (last weekday); in
 * day-of-week {@code MON#2} / {@code 1#2} (second Monday, # 1..5) and {@code 5L} / {@code FRIL}
 * (last Friday). Macros: {@code @yearly @annually @monthly @weekly @daily @midnight @hourly}.
 *
 * <p>Day fields: if both are restricted (anything but a bare {@code *} or {@code ?}) a day fires
 * when EITHER matches, as in POSIX/Vixie cron: {@code 0 0 0 13 * FRI} fires on every 13th and on
 * every Friday. If one is {@code *} or {@code ?}, only the other restricts.
 *
 * <p>Time zones: fields are matched against the local date-time in {@link #zone()}. A local time
 * skipped by a spring-forward gap fires at the instant {@code ZonedDateTime.ofLocal} gives it
 * (02:30 in a one-hour gap fires at 03:30 new time), and only once if that instant is also a
 * regular fire ({@code 0 30 2,3 * * *}). A local time repeated by a fall-back overlap fires at its
 * first occurrence (the earlier offset), and again at its second occurrence only if the hour field
 * matches every hour ({@code *}, {@code *}{@code /1}, {@code 0-23}): an hourly job fires every real
 * hour, {@code 0 30 1 * * *} fires once. Fire times are whole seconds and strictly increase.
 *
 * <p>A schedule that can never fire ({@code 0 0 0 30 2 *}) is valid; it is detected once when
 * compiled, by scanning one 400-year Gregorian cycle, after which the calendar and its weekdays
 * repeat exactly.
 */
public final class CronSchedule {

  /** Returned by {@link #nextFireAfter(long)} when the schedule never fires again. */
  public static final long NO_NEXT = Long.MAX_VALUE;

  // Keep a margin inside Instant's range so zone offsets (at most 18 hours) never overflow it.
  private static final long LATEST_EPOCH_SECOND =
      Instant.MAX.getEpochSecond() - 2L * CivilCalendar.SECONDS_PER_DAY;
  private static final long EARLIEST_EPOCH_SECOND =
      Instant.MIN.getEpochSecond() + 2L * CivilCalendar.SECONDS_PER_DAY;

  private final String expression;
  private final ZoneId zone;
  private final boolean firesAtAll;
  private final ZonedFireSearch search;

  private CronSchedule(String expression, ZoneId zone, CompiledFields fields) {
    this.expression = expression;
    this.zone = zone;
    this.firesAtAll = fields.days().firesInAnyOf(fields.months());
    this.search = new ZonedFireSearch(fields, zone);
  }

  /**
   * Parses and compiles; throws InvalidCronException with a precise, user-facing message (which
   * field/why).
   */
  public static CronSchedule parse(String expression, ZoneId zone) {
    if (expression == null) {
      throw new InvalidCronException("cron expression must not be null");
    }
    Objects.requireNonNull(zone, "zone");
    String trimmed = expression.trim();
    return new CronSchedule(trimmed, zone, CronCompiler.compile(trimmed));
  }

  /** The expression as given by the user, trimmed. */
  public String expression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }

  /**
   * The first fire time strictly after {@code epochSecond}, as an epoch second, or {@link #NO_NEXT}
   * if there is none (e.g. {@code 0 0 0 30 2 *}). Allocation-free.
   */
  public long nextFireAfter(long epochSecond) {
    if (!firesAtAll || epochSecond >= LATEST_EPOCH_SECOND) {
      return NO_NEXT;
    }
    long fire = search.firstFireFrom(Math.max(epochSecond, EARLIEST_EPOCH_SECOND) + 1);
    return fire > LATEST_EPOCH_SECOND ? NO_NEXT : fire;
  }

  /** The first fire time strictly after {@code after}, if any. */
  public Optional<Instant> nextFireAfter(Instant after) {
    long fire =
        nextFireAfter(
            after.getEpochSecond()); // fires are whole seconds, so dropping nanos is exact
    return fire == NO_NEXT ? Optional.empty() : Optional.of(Instant.ofEpochSecond(fire));
  }

  /**
   * The next {@code count} fire times strictly after {@code after} (fewer if the schedule ends).
   */
  public List<Instant> nextFires(Instant after, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    List<Instant> fires = new ArrayList<>(Math.min(count, 1024));
    long fire = after.getEpochSecond();
    while (fires.size() < count && (fire = nextFireAfter(fire)) != NO_NEXT) {
      fires.add(Instant.ofEpochSecond(fire));
    }
    return fires;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CronSchedule cronSchedule
        && expression.equals(cronSchedule.expression)
        && zone.equals(cronSchedule.zone);
  }

  @Override
  public int hashCode() {
    return expression.hashCode() * 31 + zone.hashCode();
  }

  @Override
  public String toString() {
    return "CronSchedule[" + expression + " @ " + zone + "]";
  }
}
