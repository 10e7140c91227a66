package io.cronwheel.bench;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * One panel of a chart, as the reports describe it: titled, with its own y axis (linear or log10), its series
 * (lines, dashed lines, points), horizontal reference lines and shaded x ranges. {@link Charts} lays panels out
 * and {@link PanelPainter} draws them.
 */
final class ChartPanel {
    record Series(String label, Color color, double[] x, double[] y, boolean dashed, boolean markers) {
        /** Points stand out a little more than lines. */
        float width() {
            return markers ? 2.5f : 2f;
        }
    }

    record HLine(double y, String label, Color color) {}

    record Shade(double from, double to, String label) {}

    final String title;
    final String yLabel;
    final boolean logY;
    final List<Series> series = new ArrayList<>();
    final List<HLine> lines = new ArrayList<>();
    final List<Shade> shades = new ArrayList<>();
    Double yMin;
    Double yMax;
    boolean legendLeft;

    ChartPanel(String title, String yLabel, boolean logY) {
        this.title = title;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    ChartPanel line(String label, Color color, double[] x, double[] y) {
        series.add(new Series(label, color, x, y, false, false));
        return this;
    }

    ChartPanel dashed(String label, Color color, double[] x, double[] y) {
        series.add(new Series(label, color, x, y, true, false));
        return this;
    }

    ChartPanel points(String label, Color color, double[] x, double[] y) {
        series.add(new Series(label, color, x, y, false, true));
        return this;
    }

    ChartPanel hline(double y, String label, Color color) {
        lines.add(new HLine(y, label, color));
        return this;
    }

    ChartPanel shade(double from, double to, String label) {
        shades.add(new Shade(from, to, label));
        return this;
    }

    ChartPanel legendLeft() {
        legendLeft = true;
        return this;
    }

    ChartPanel range(Double min, Double max) {
        yMin = min;
        yMax = max;
        return this;
    }
}
