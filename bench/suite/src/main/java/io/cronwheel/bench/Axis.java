package io.cronwheel.bench;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A linear or log10 axis with "nice" ticks, and how chart labels write numbers (1.5k, 2M). */
final class Axis {
    final double min;
    final double max;
    final boolean log;

    Axis(double min, double max, boolean log) {
        this.min = min;
        this.max = max;
        this.log = log;
    }

    double map(double v, double from, double to) {
        double f =
                log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (v - min) / (max - min);
        return from + f * (to - from);
    }

    /** {value, 1 = major (labelled) / 0 = minor}. */
    List<double[]> ticks() {
        List<double[]> ticks = new ArrayList<>();
        if (log) {
            // from the decade at or below min: a padded x axis does not start on a power of ten
            for (double decade = Math.pow(10, Math.floor(Math.log10(min) + 1e-9));
                    decade <= max * 1.0001;
                    decade *= 10) {
                if (decade >= min * 0.9999) {
                    ticks.add(new double[] {decade, 1});
                }
                for (int m = 2; m <= 9; m++) {
                    double v = decade * m;
                    if (v < max && v >= min) {
                        ticks.add(new double[] {v, 0});
                    }
                }
            }
            return ticks;
        }
        double step = niceStep((max - min) / 6);
        for (double v = Math.ceil(min / step) * step; v <= max + step * 1e-6; v += step) {
            ticks.add(new double[] {Math.abs(v) < step * 1e-9 ? 0 : v, 1});
        }
        return ticks;
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** A tick label: 950, 1,500, 15k, 2.5M, 0.25. */
    static String format(double v) {
        double a = Math.abs(v);
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        if (a >= 1_000_000) {
            return new DecimalFormat("#,##0.#", symbols).format(v / 1_000_000) + "M";
        }
        if (a >= 10_000) {
            return new DecimalFormat("#,##0.#", symbols).format(v / 1000) + "k";
        }
        if (a >= 100 || a == 0) {
            return new DecimalFormat("#,##0", symbols).format(v);
        }
        if (a >= 1) {
            return new DecimalFormat("0.##", symbols).format(v);
        }
        return new DecimalFormat("0.###", symbols).format(v);
    }
}
