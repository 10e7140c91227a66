package io.cronwheel.cron;

/**
 * The six cron fields in expression order, with the names and value ranges used in error messages.
 */
enum Field {
  SECOND("second", 0, 59),
  MINUTE("minute", 0, 59),
  HOUR("hour", 0, 23),
  DAY_OF_MONTH("day-of-month", 1, 31),
  MONTH("month", 1, 12),
  /** 0 and 7 are both Sunday, as in Unix cron and Spring. */
  DAY_OF_WEEK("day-of-week", 0, 7);

  private static final Field[] IN_ORDER = values();

  private final String label;
  private final int min;
  private final int max;

  Field(String label, int min, int max) {
    this.label = label;
    this.min = min;
    this.max = max;
  }

  static Field at(int position) {
    return IN_ORDER[position];
  }

  String label() {
    return label;
  }

  int min() {
    return min;
  }

  int max() {
    return max;
  }
}
