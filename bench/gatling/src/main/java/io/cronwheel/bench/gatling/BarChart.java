package io.cronwheel.bench.gatling;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Grouped vertical bar charts in plain Java2D (headless), several panels stacked in one PNG. A panel has categories
 * (request kinds, phases) on the x axis and one bar per series in each, labelled with its value; its y axis is
 * linear from 0 or log10 (for latencies, whose p50 and max differ by orders of magnitude).
 */
final class BarChart {
    static final Color BLUE = new Color(31, 119, 180);
    static final Color ORANGE = new Color(255, 127, 14);
    static final Color GREEN = new Color(44, 160, 44);
    static final Color RED = new Color(214, 39, 40);
    static final Color PURPLE = new Color(148, 103, 189);
    static final Color GRAY = new Color(127, 127, 127);
    private static final Color INK = new Color(30, 30, 30);
    private static final Color GRID = new Color(225, 225, 225);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font PANEL_TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final int LEFT = 90;
    private static final int RIGHT = 24;

    private final String title;
    private final String yLabel;
    private final boolean logY;
    private final List<String> series = new ArrayList<>();
    private final List<Color> colors = new ArrayList<>();
    private final List<String> categories = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();

    BarChart(String title, String yLabel, boolean logY) {
        this.title = title;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    BarChart series(String label, Color color) {
        series.add(label);
        colors.add(color);
        return this;
    }

    /** One category with a value per series, in the order the series were added; NaN leaves a gap. */
    BarChart category(String label, double... perSeries) {
        if (perSeries.length != series.size()) {
            throw new IllegalArgumentException(
                    label + ": " + perSeries.length + " values for " + series.size() + " series");
        }
        categories.add(label);
        values.add(perSeries.clone());
        return this;
    }

    /** Renders the panels one under the other, {@code panelHeight} pixels each, into a PNG. */
    static void render(Path file, String title, String subtitle, List<BarChart> panels, int width, int panelHeight)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        int top = 76;
        int height = top + panels.size() * panelHeight + 20;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(INK);
            g.setFont(TITLE);
            centered(g, title, width / 2, 32);
            g.setFont(LABEL);
            g.setColor(GRAY.darker());
            centered(g, subtitle, width / 2, 56);
            for (int i = 0; i < panels.size(); i++) {
                panels.get(i).draw(g, top + i * panelHeight, width, panelHeight);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private void draw(Graphics2D g, int y0, int width, int height) {
        int plotTop = y0 + 50;
        int plotBottom = y0 + height - 56;
        int plotWidth = width - LEFT - RIGHT;
        g.setColor(INK);
        g.setFont(PANEL_TITLE);
        g.drawString(title, LEFT, y0 + 18);
        drawLegend(g, y0 + 38);
        double max = values.stream()
                .flatMapToDouble(java.util.Arrays::stream)
                .filter(Double::isFinite)
                .max()
                .orElse(1);
        Scale scale = logY ? Scale.log(max) : Scale.linear(max);
        g.setFont(SMALL);
        for (double tick : scale.ticks()) {
            int y = scale.y(tick, plotTop, plotBottom);
            g.setColor(GRID);
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(INK);
            String text = format(tick);
            g.drawString(text, LEFT - 8 - g.getFontMetrics().stringWidth(text), y + 4);
        }
        g.setFont(LABEL);
        g.rotate(-Math.PI / 2);
        centered(g, yLabel, -(plotTop + plotBottom) / 2, 22);
        g.rotate(Math.PI / 2);
        double slot = (double) plotWidth / Math.max(1, categories.size());
        double bar = Math.min(46, slot * 0.8 / Math.max(1, series.size()));
        for (int c = 0; c < categories.size(); c++) {
            double left = LEFT + c * slot + (slot - bar * series.size()) / 2;
            for (int s = 0; s < series.size(); s++) {
                double v = values.get(c)[s];
                if (!Double.isFinite(v)) {
                    continue;
                }
                int x = (int) Math.round(left + s * bar);
                int y = scale.y(v, plotTop, plotBottom);
                g.setColor(colors.get(s));
                g.fillRect(x + 1, y, (int) bar - 2, plotBottom - y);
                g.setColor(INK);
                g.setFont(SMALL);
                centered(g, format(v), (int) (x + bar / 2), y - 4);
            }
            g.setFont(LABEL);
            centered(g, categories.get(c), (int) (LEFT + c * slot + slot / 2), plotBottom + 20);
        }
        g.setColor(INK);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(LEFT, plotBottom, LEFT + plotWidth, plotBottom);
    }

    private void drawLegend(Graphics2D g, int y) {
        g.setFont(LABEL);
        FontMetrics fm = g.getFontMetrics();
        int x = LEFT;
        for (int s = 0; s < series.size(); s++) {
            g.setColor(colors.get(s));
            g.fillRect(x, y - 10, 14, 12);
            g.setColor(INK);
            g.drawString(series.get(s), x + 19, y);
            x += 19 + fm.stringWidth(series.get(s)) + 22;
        }
    }

    private static void centered(Graphics2D g, String text, int x, int y) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y);
    }

    /** Short labels: 12,345 / 123 / 4.5 / 0.42. */
    static String format(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        String pattern = a >= 10 ? "%,.0f" : a >= 1 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, v);
    }

    /** Maps values to pixel rows: linear from 0 with round steps, or log10 with a tick per decade. */
    private record Scale(boolean log, double min, double max, List<Double> ticks) {
        static Scale linear(double dataMax) {
            double top = dataMax <= 0 ? 1 : dataMax * 1.15;
            double step = Math.pow(10, Math.floor(Math.log10(top / 5)));
            for (double m : new double[] {1, 2, 2.5, 5, 10}) {
                if (top / (step * m) <= 6) {
                    step *= m;
                    break;
                }
            }
            List<Double> ticks = new ArrayList<>();
            for (double t = 0; t <= top + step / 2; t += step) {
                ticks.add(t);
            }
            return new Scale(false, 0, ticks.get(ticks.size() - 1), ticks);
        }

        static Scale log(double dataMax) {
            double top = Math.pow(10, Math.ceil(Math.log10(Math.max(dataMax, 1) * 1.5)));
            List<Double> ticks = new ArrayList<>();
            for (double t = 1; t <= top * 1.001; t *= 10) {
                ticks.add(t);
            }
            return new Scale(true, 1, top, ticks);
        }

        /** Values below the axis minimum (a log axis starts at 1) sit on the axis. */
        int y(double v, int top, int bottom) {
            double f = log
                    ? (Math.log10(Math.max(v, min)) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
                    : (v - min) / (max - min);
            return (int) Math.round(bottom - f * (bottom - top));
        }
    }
}
