package io.cronwheel.bench;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the reports, CSVs and logs write numbers and times: "?" (or empty, in CSV) for what was not measured. */
final class Fmt {
    static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Fmt() {}

    /** A count with thousands separators; negative means unknown. */
    static String n(long v) {
        return v < 0 ? "?" : String.format(Locale.ROOT, "%,d", v);
    }

    static String n(double v) {
        return Double.isNaN(v) ? "?" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String d(double v, int decimals) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "?" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "?" : d(v, v < 10 ? 2 : 1) + " ms";
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / 1073741824.0);
    }

    /** A CSV cell: empty when unknown, an integer when it is one, else three decimals. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
