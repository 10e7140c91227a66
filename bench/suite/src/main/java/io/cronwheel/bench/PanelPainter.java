package io.cronwheel.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * Draws one {@link ChartPanel}: its title, shaded ranges, grid and tick labels, axis labels, reference lines,
 * series and legend. The y range is the panel's own (log10 axes span whole decades), the x axis the figure's.
 */
final class PanelPainter {
    private PanelPainter() {}

    /** Draws {@code p} into {@code plot}, with the x axis shared by the figure; {@code xLabel} under the last one. */
    static void draw(Graphics2D g, ChartPanel p, Rectangle2D.Double plot, Axis xAxis, String xLabel) {
        double[] yr = yRange(p);
        Axis yAxis = new Axis(yr[0], yr[1], p.logY);

        g.setFont(Charts.PANEL_TITLE);
        g.setColor(Charts.BLACK);
        g.drawString(p.title, (float) plot.x, (float) plot.y - 8);

        // shaded ranges
        for (ChartPanel.Shade s : p.shades) {
            double x0 = Math.max(plot.x, xAxis.map(s.from(), plot.x, plot.x + plot.width));
            double x1 = Math.min(plot.x + plot.width, xAxis.map(s.to(), plot.x, plot.x + plot.width));
            if (x1 > x0) {
                g.setColor(new Color(236, 236, 236));
                g.fill(new Rectangle2D.Double(x0, plot.y, x1 - x0, plot.height));
                g.setColor(Charts.GRAY);
                g.setFont(Charts.SMALL);
                FontMetrics fm = g.getFontMetrics();
                if (fm.stringWidth(s.label()) < x1 - x0 - 4) {
                    g.drawString(s.label(), (float) (x0 + (x1 - x0 - fm.stringWidth(s.label())) / 2), (float)
                            (plot.y + plot.height - 6));
                }
            }
        }

        // grid and tick labels
        g.setFont(Charts.SMALL);
        FontMetrics fm = g.getFontMetrics();
        Stroke thin = new BasicStroke(1f);
        for (double[] tick : yAxis.ticks()) {
            double py = yAxis.map(tick[0], plot.y + plot.height, plot.y);
            g.setColor(tick[1] > 0 ? new Color(215, 215, 215) : new Color(240, 240, 240));
            g.setStroke(thin);
            g.draw(new Line2D.Double(plot.x, py, plot.x + plot.width, py));
            if (tick[1] > 0) {
                String label = Axis.format(tick[0]);
                g.setColor(Charts.BLACK);
                g.drawString(label, (float) (plot.x - 8 - fm.stringWidth(label)), (float) py + 4);
            }
        }
        for (double[] tick : xAxis.ticks()) {
            if (xAxis.log && (tick[0] < xAxis.min || !isOneTwoFive(tick[0]))) {
                continue;
            }
            double px = xAxis.map(tick[0], plot.x, plot.x + plot.width);
            g.setColor(new Color(225, 225, 225));
            g.draw(new Line2D.Double(px, plot.y, px, plot.y + plot.height));
            String label = Axis.format(tick[0]);
            g.setColor(Charts.BLACK);
            g.drawString(label, (float) (px - fm.stringWidth(label) / 2.0), (float) (plot.y + plot.height + 16));
        }
        g.setColor(Charts.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.draw(plot);

        // y label, rotated
        g.setFont(Charts.LABEL);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        FontMetrics lm = rotated.getFontMetrics();
        rotated.drawString(p.yLabel, (float) (-(plot.y + plot.height / 2) - lm.stringWidth(p.yLabel) / 2.0), (float)
                (plot.x - 66));
        rotated.dispose();
        if (xLabel != null) {
            FontMetrics xm = g.getFontMetrics();
            g.drawString(xLabel, (float) (plot.x + plot.width / 2 - xm.stringWidth(xLabel) / 2.0), (float)
                    (plot.y + plot.height + 38));
        }

        Shape clip = g.getClip();
        g.clip(plot);
        // reference lines
        for (ChartPanel.HLine line : p.lines) {
            double py = yAxis.map(line.y(), plot.y + plot.height, plot.y);
            g.setColor(line.color());
            g.setStroke(
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
            g.draw(new Line2D.Double(plot.x, py, plot.x + plot.width, py));
            g.setFont(Charts.SMALL);
            double lx =
                    p.legendLeft ? plot.x + plot.width - 6 - g.getFontMetrics().stringWidth(line.label()) : plot.x + 6;
            g.drawString(line.label(), (float) lx, (float) (py - 4 < plot.y + 12 ? py + 14 : py - 4));
        }
        // series
        for (ChartPanel.Series s : p.series) {
            g.setColor(s.color());
            g.setStroke(
                    s.dashed()
                            ? new BasicStroke(
                                    s.width(),
                                    BasicStroke.CAP_BUTT,
                                    BasicStroke.JOIN_ROUND,
                                    10f,
                                    new float[] {6f, 4f},
                                    0f)
                            : new BasicStroke(s.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            for (int i = 0; i < s.x().length; i++) {
                double yv = s.y()[i];
                if (!Double.isFinite(yv) || !Double.isFinite(s.x()[i])) {
                    pen = false;
                    continue;
                }
                if (p.logY) {
                    yv = Math.max(yv, yAxis.min);
                }
                double px = xAxis.map(s.x()[i], plot.x, plot.x + plot.width);
                double py = yAxis.map(yv, plot.y + plot.height, plot.y);
                if (pen) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    pen = true;
                }
                if (s.markers()) {
                    g.fill(new Ellipse2D.Double(px - 4.5, py - 4.5, 9, 9));
                }
            }
            g.draw(path);
        }
        g.setClip(clip);
        drawLegend(g, p, plot);
    }

    /** Whether {@code v} is 1, 2 or 5 times a power of ten: the labelled ticks of a log x axis. */
    private static boolean isOneTwoFive(double v) {
        double mantissa = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
        return Math.abs(mantissa - 1) < 1e-6 || Math.abs(mantissa - 2) < 1e-6 || Math.abs(mantissa - 5) < 1e-6;
    }

    private static void drawLegend(Graphics2D g, ChartPanel p, Rectangle2D.Double plot) {
        List<ChartPanel.Series> entries = p.series;
        if (entries.isEmpty()) {
            return;
        }
        g.setFont(Charts.SMALL);
        FontMetrics fm = g.getFontMetrics();
        int widest = 0;
        for (ChartPanel.Series s : entries) {
            widest = Math.max(widest, fm.stringWidth(s.label()));
        }
        int rowHeight = 17;
        int boxWidth = widest + 48;
        int boxHeight = entries.size() * rowHeight + 10;
        double bx = p.legendLeft ? plot.x + 8 : plot.x + plot.width - boxWidth - 8;
        double by = plot.y + 8;
        g.setColor(new Color(255, 255, 255, 225));
        g.fill(new Rectangle2D.Double(bx, by, boxWidth, boxHeight));
        g.setColor(new Color(170, 170, 170));
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(bx, by, boxWidth, boxHeight));
        for (int i = 0; i < entries.size(); i++) {
            ChartPanel.Series s = entries.get(i);
            double ly = by + 5 + i * rowHeight + rowHeight / 2.0;
            g.setColor(s.color());
            g.setStroke(
                    s.dashed()
                            ? new BasicStroke(
                                    2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
                            : new BasicStroke(2.5f));
            g.draw(new Line2D.Double(bx + 8, ly, bx + 34, ly));
            if (s.markers()) {
                g.fill(new Ellipse2D.Double(bx + 21 - 4, ly - 4, 8, 8));
            }
            g.setColor(Charts.BLACK);
            g.drawString(s.label(), (float) (bx + 40), (float) (ly + 4));
        }
    }

    private static double[] yRange(ChartPanel p) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (ChartPanel.Series s : p.series) {
            for (double v : s.y()) {
                if (Double.isFinite(v) && (!p.logY || v > 0)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        for (ChartPanel.HLine line : p.lines) {
            min = Math.min(min, line.y());
            max = Math.max(max, line.y());
        }
        if (!Double.isFinite(min)) {
            min = p.logY ? 1 : 0;
            max = p.logY ? 10 : 1;
        }
        if (p.logY) {
            double lo = Math.pow(10, Math.floor(Math.log10(Math.max(min, 1e-3))));
            // the next power of ten strictly above the largest value, so a line at exactly 1,000 stays visible
            double hi = Math.pow(10, Math.floor(Math.log10(Math.max(max, lo * 10) * 1.0001)) + 1);
            if (hi <= lo) {
                hi = lo * 10;
            }
            min = lo;
            max = hi;
        } else {
            min = Math.min(0, min);
            max = max <= min ? min + 1 : max * 1.08;
        }
        if (p.yMin != null) {
            min = p.yMin;
        }
        if (p.yMax != null) {
            max = p.yMax;
        }
        return new double[] {min, max};
    }
}
