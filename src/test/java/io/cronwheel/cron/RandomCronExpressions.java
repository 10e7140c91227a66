package io.cronwheel.cron;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;

/**
 * Random valid expressions in the subset whose meaning Spring's CronExpression shares with ours: at
 * most one restricted day field (Spring ANDs them), no wrap-around ranges (Spring rejects them), no
 * {@code *}{@code /n} in day-of-week (Spring counts from Monday = 1, Unix from Sunday = 0), L-n
 * only up to 27 (Spring's L-30 misbehaves).
 */
final class RandomCronExpressions {

  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };

  /** Index = Spring/ISO number, 1 = Monday ... 7 = Sunday. */
  private static final String[] WEEKDAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};

  private final Random random;

  /** Hour values are drawn from 0..hourMax, so callers can aim at DST transition hours. */
  private final int hourMax;

  RandomCronExpressions(long seed) {
    this(seed, 23);
  }

  RandomCronExpressions(long seed, int hourMax) {
    this.random = new Random(seed);
    this.hourMax = hourMax;
  }

  String next() {
    String dayOfMonth = random.nextBoolean() ? "*" : "?";
    String dayOfWeek = random.nextBoolean() ? "*" : "?";
    int days = random.nextInt(3);
    if (days == 1) {
      dayOfMonth = dayOfMonth();
    } else if (days == 2) {
      dayOfWeek = dayOfWeek();
    }
    return String.join(
        " ", numeric(0, 59), numeric(0, 59), numeric(0, hourMax), dayOfMonth, month(), dayOfWeek);
  }

  /**
   * For short windows: every month, and seconds restricted to at most three values so a window of a
   * day has a bounded number of fires.
   */
  String nextForShortWindow() {
    String[] fields = next().split(" ");
    fields[0] =
        random.nextBoolean()
            ? String.valueOf(random.nextInt(60))
            : list(0, 59, 2 + random.nextInt(2));
    fields[4] = "*";
    return String.join(" ", fields);
  }

  String numeric(int min, int max) {
    int a = between(min, max);
    int b = between(min, max);
    int low = Math.min(a, b);
    int high = Math.max(a, b) == low ? Math.min(max, low + 1) : Math.max(a, b);
    int step = 2 + random.nextInt(Math.max(1, (max - min) / 3));
    return switch (random.nextInt(7)) {
      case 0 -> "*";
      case 1 -> String.valueOf(a);
      case 2 -> low == high ? String.valueOf(low) : low + "-" + high;
      case 3 -> list(min, max, 2 + random.nextInt(3));
      case 4 -> "*/" + step;
      case 5 -> low == high ? String.valueOf(low) : low + "-" + high + "/" + step;
      default -> a + "/" + step;
    };
  }

  private String month() {
    if (random.nextInt(4) > 0) {
      return numeric(1, 12);
    }
    int a = random.nextInt(12);
    int b = random.nextInt(12);
    return a == b
        ? MONTHS[a]
        : MONTHS[Math.min(a, b)] + "-" + MONTHS[Math.max(a, b)].toLowerCase(Locale.ROOT);
  }

  private String dayOfMonth() {
    return switch (random.nextInt(8)) {
      case 0 -> "L";
      case 1 -> "L-" + between(1, 27);
      case 2 -> between(1, 31) + "W";
      case 3 -> "LW";
      case 4 -> between(1, 28) + "W," + between(1, 31);
      default -> numeric(1, 31);
    };
  }

  private String dayOfWeek() {
    int a = between(1, 7);
    int b = between(1, 7);
    return switch (random.nextInt(9)) {
      case 0 -> String.valueOf(between(0, 7));
      case 1 -> WEEKDAYS[a];
      case 2 -> a == b ? WEEKDAYS[a] : WEEKDAYS[Math.min(a, b)] + "-" + WEEKDAYS[Math.max(a, b)];
      case 3 -> a == b ? String.valueOf(a) : Math.min(a, b) + "-" + Math.max(a, b);
      case 4 -> list(0, 7, 2 + random.nextInt(3));
      case 5 -> between(1, 6) + "/" + between(2, 3);
      case 6 -> (random.nextBoolean() ? WEEKDAYS[a] : String.valueOf(a)) + "#" + between(1, 5);
      case 7 ->
          (random.nextBoolean() ? WEEKDAYS[between(1, 6)] : String.valueOf(between(0, 7))) + "L";
      default -> Math.min(a, b) + "-" + Math.max(a, b) + "/2";
    };
  }

  private String list(int min, int max, int size) {
    TreeSet<Integer> values = new TreeSet<>();
    while (values.size() < size) {
      values.add(between(min, max));
    }
    List<String> items = new ArrayList<>();
    values.forEach(value -> items.add(String.valueOf(value)));
    return String.join(",", items);
  }

  private int between(int min, int max) {
    return min + random.nextInt(max - min + 1);
  }
}
