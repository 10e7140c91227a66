package io.cronwheel.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Line charts in plain Java2D (headless): a figure of {@link ChartPanel}s stacked vertically that share one x axis,
 * each drawn by {@link PanelPainter}, written as a palette PNG ({@link PalettePng}).
 */
final class Charts {
    static final Color BLUE = new Color(31, 119, 180);
    static final Color ORANGE = new Color(255, 127, 14);
    static final Color GREEN = new Color(44, 160, 44);
    static final Color RED = new Color(214, 39, 40);
    static final Color PURPLE = new Color(148, 103, 189);
    static final Color BROWN = new Color(140, 86, 75);
    static final Color GRAY = new Color(127, 127, 127);
    static final Color BLACK = new Color(30, 30, 30);

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    static final Font PANEL_TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Charts() {}

    /** One value per item, as a series to plot. */
    static <T> double[] column(List<T> items, ToDoubleFunction<T> value) {
        return items.stream().mapToDouble(value).toArray();
    }

    /**
     * A figure's frame: its titles, the x axis's label, its width and the height of each panel, in pixels. {@code
     * logX} spreads loads from hundreds to tens of thousands evenly (points at x <= 0 are left out), labelled at 1, 2
     * and 5 of each decade.
     */
    record Figure(String title, String subtitle, String xLabel, int width, int panelHeight, boolean logX) {}

    /** Renders the panels, stacked and sharing one x axis, into a PNG. */
    static void render(Path file, Figure figure, List<ChartPanel> panels) throws IOException {
        String title = figure.title();
        String subtitle = figure.subtitle();
        String xLabel = figure.xLabel();
        int width = figure.width();
        int panelHeight = figure.panelHeight();
        boolean logX = figure.logX();
        System.setProperty("java.awt.headless", "true");
        int top = subtitle == null ? 50 : 72;
        int bottom = 60;
        int gap = 46;
        int height = top + panels.size() * panelHeight + (panels.size() - 1) * gap + bottom;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(BLACK);
            g.setFont(TITLE);
            drawCentered(g, title, width / 2, 32);
            if (subtitle != null) {
                g.setFont(LABEL);
                g.setColor(GRAY.darker());
                drawCentered(g, subtitle, width / 2, 56);
            }
            double[] xr = xRange(panels, logX);
            int left = 96;
            int right = 28;
            int y = top;
            for (int i = 0; i < panels.size(); i++) {
                Rectangle2D.Double plot = new Rectangle2D.Double(left, y + 24, width - left - right, panelHeight - 24);
                PanelPainter.draw(
                        g, panels.get(i), plot, new Axis(xr[0], xr[1], logX), i == panels.size() - 1 ? xLabel : null);
                y += panelHeight + gap;
            }
        } finally {
            g.dispose();
        }
        PalettePng.write(image, file);
    }

    private static double[] xRange(List<ChartPanel> panels, boolean logX) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (ChartPanel p : panels) {
            for (ChartPanel.Series s : p.series) {
                for (int i = 0; i < s.x().length; i++) {
                    if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i]) && (!logX || s.x()[i] > 0)) {
                        min = Math.min(min, s.x()[i]);
                        max = Math.max(max, s.x()[i]);
                    }
                }
            }
        }
        if (!Double.isFinite(min)) {
            return new double[] {logX ? 1 : 0, logX ? 10 : 1};
        }
        if (logX) {
            // a margin of 8 % of the decades shown on each side, so the end points' markers stay inside
            double pad = Math.max(Math.log10(max / min), 1) * 0.08;
            return new double[] {min / Math.pow(10, pad), max * Math.pow(10, pad)};
        }
        if (max - min < 1e-9) {
            return new double[] {min - 1, max + 1};
        }
        if (panels.stream().anyMatch(p -> p.series.stream().anyMatch(ChartPanel.Series::markers))) {
            double pad = (max - min) * 0.04;
            return new double[] {min - pad, max + pad};
        }
        return new double[] {min, max};
    }

    private static void drawCentered(Graphics2D g, String text, int cx, int y) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, cx - fm.stringWidth(text) / 2f, y);
    }
}
