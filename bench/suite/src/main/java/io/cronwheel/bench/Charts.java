package io.cronwheel.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Line charts in plain Java2D (headless): a figure of panels stacked vertically that share one x axis. Each panel has
 * its own y axis (linear or log10), grid, legend, optional shaded x ranges and horizontal reference lines.
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

  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
  private static final Font PANEL_TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private Charts() {}

  record Series(String label, Color color, double[] x, double[] y, boolean dashed, boolean markers, float width) {}

  record HLine(double y, String label, Color color) {}

  record Shade(double from, double to, String label) {}

  static final class Panel {
    final String title;
    final String yLabel;
    final boolean logY;
    final List<Series> series = new ArrayList<>();
    final List<HLine> lines = new ArrayList<>();
    final List<Shade> shades = new ArrayList<>();
    Double yMin;
    Double yMax;
    boolean legendLeft;

    Panel(String title, String yLabel, boolean logY) {
      this.title = title;
      this.yLabel = yLabel;
      this.logY = logY;
    }

    Panel line(String label, Color color, double[] x, double[] y) {
      series.add(new Series(label, color, x, y, false, false, 2f));
      return this;
    }

    Panel dashed(String label, Color color, double[] x, double[] y) {
      series.add(new Series(label, color, x, y, true, false, 2f));
      return this;
    }

    Panel points(String label, Color color, double[] x, double[] y) {
      series.add(new Series(label, color, x, y, false, true, 2.5f));
      return this;
    }

    Panel hline(double y, String label, Color color) {
      lines.add(new HLine(y, label, color));
      return this;
    }

    Panel shade(double from, double to, String label) {
      shades.add(new Shade(from, to, label));
      return this;
    }

    Panel legendLeft() {
      legendLeft = true;
      return this;
    }

    Panel range(Double min, Double max) {
      yMin = min;
      yMax = max;
      return this;
    }
  }

  /** Renders the panels into a PNG of the given width; each panel gets {@code panelHeight} pixels. */
  static void render(Path file, String title, String subtitle, String xLabel, List<Panel> panels, int width,
      int panelHeight) throws IOException {
    render(file, title, subtitle, xLabel, panels, width, panelHeight, false);
  }

  /**
   * The same with a choice of x axis: {@code logX} spreads loads from hundreds to tens of thousands evenly (points
   * at x <= 0 are left out), labelled at 1, 2 and 5 of each decade.
   */
  static void render(Path file, String title, String subtitle, String xLabel, List<Panel> panels, int width,
      int panelHeight, boolean logX) throws IOException {
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
        drawPanel(g, panels.get(i), plot, new Axis(xr[0], xr[1], logX), i == panels.size() - 1 ? xLabel : null);
        y += panelHeight + gap;
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static double[] xRange(List<Panel> panels, boolean logX) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Panel p : panels) {
      for (Series s : p.series) {
        for (int i = 0; i < s.x.length; i++) {
          if (Double.isFinite(s.x[i]) && Double.isFinite(s.y[i]) && (!logX || s.x[i] > 0)) {
            min = Math.min(min, s.x[i]);
            max = Math.max(max, s.x[i]);
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
    if (panels.stream().anyMatch(p -> p.series.stream().anyMatch(Series::markers))) {
      double pad = (max - min) * 0.04;
      return new double[] {min - pad, max + pad};
    }
    return new double[] {min, max};
  }

  private static void drawPanel(Graphics2D g, Panel p, Rectangle2D.Double plot, Axis xAxis, String xLabel) {
    double[] yr = yRange(p);
    Axis yAxis = new Axis(yr[0], yr[1], p.logY);

    g.setFont(PANEL_TITLE);
    g.setColor(BLACK);
    g.drawString(p.title, (float) plot.x, (float) plot.y - 8);

    // shaded ranges
    for (Shade s : p.shades) {
      double x0 = Math.max(plot.x, xAxis.map(s.from, plot.x, plot.x + plot.width));
      double x1 = Math.min(plot.x + plot.width, xAxis.map(s.to, plot.x, plot.x + plot.width));
      if (x1 > x0) {
        g.setColor(new Color(236, 236, 236));
        g.fill(new Rectangle2D.Double(x0, plot.y, x1 - x0, plot.height));
        g.setColor(GRAY);
        g.setFont(SMALL);
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(s.label) < x1 - x0 - 4) {
          g.drawString(s.label, (float) (x0 + (x1 - x0 - fm.stringWidth(s.label)) / 2),
              (float) (plot.y + plot.height - 6));
        }
      }
    }

    // grid and tick labels
    g.setFont(SMALL);
    FontMetrics fm = g.getFontMetrics();
    Stroke thin = new BasicStroke(1f);
    for (double[] tick : yAxis.ticks()) {
      double py = yAxis.map(tick[0], plot.y + plot.height, plot.y);
      g.setColor(tick[1] > 0 ? new Color(215, 215, 215) : new Color(240, 240, 240));
      g.setStroke(thin);
      g.draw(new Line2D.Double(plot.x, py, plot.x + plot.width, py));
      if (tick[1] > 0) {
        String label = format(tick[0]);
        g.setColor(BLACK);
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
      String label = format(tick[0]);
      g.setColor(BLACK);
      g.drawString(label, (float) (px - fm.stringWidth(label) / 2.0), (float) (plot.y + plot.height + 16));
    }
    g.setColor(BLACK);
    g.setStroke(new BasicStroke(1.2f));
    g.draw(plot);

    // y label, rotated
    g.setFont(LABEL);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    FontMetrics lm = rotated.getFontMetrics();
    rotated.drawString(p.yLabel, (float) (-(plot.y + plot.height / 2) - lm.stringWidth(p.yLabel) / 2.0),
        (float) (plot.x - 66));
    rotated.dispose();
    if (xLabel != null) {
      FontMetrics xm = g.getFontMetrics();
      g.drawString(xLabel, (float) (plot.x + plot.width / 2 - xm.stringWidth(xLabel) / 2.0),
          (float) (plot.y + plot.height + 38));
    }

    Shape clip = g.getClip();
    g.clip(plot);
    // reference lines
    for (HLine line : p.lines) {
      double py = yAxis.map(line.y, plot.y + plot.height, plot.y);
      g.setColor(line.color);
      g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f},
          0f));
      g.draw(new Line2D.Double(plot.x, py, plot.x + plot.width, py));
      g.setFont(SMALL);
      double lx = p.legendLeft ? plot.x + plot.width - 6 - g.getFontMetrics().stringWidth(line.label) : plot.x + 6;
      g.drawString(line.label, (float) lx, (float) (py - 4 < plot.y + 12 ? py + 14 : py - 4));
    }
    // series
    for (Series s : p.series) {
      g.setColor(s.color);
      g.setStroke(s.dashed
          ? new BasicStroke(s.width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
          : new BasicStroke(s.width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      Path2D.Double path = new Path2D.Double();
      boolean pen = false;
      for (int i = 0; i < s.x.length; i++) {
        double yv = s.y[i];
        if (!Double.isFinite(yv) || !Double.isFinite(s.x[i])) {
          pen = false;
          continue;
        }
        if (p.logY) {
          yv = Math.max(yv, yAxis.min);
        }
        double px = xAxis.map(s.x[i], plot.x, plot.x + plot.width);
        double py = yAxis.map(yv, plot.y + plot.height, plot.y);
        if (pen) {
          path.lineTo(px, py);
        } else {
          path.moveTo(px, py);
          pen = true;
        }
        if (s.markers) {
          g.fill(new java.awt.geom.Ellipse2D.Double(px - 4.5, py - 4.5, 9, 9));
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

  private static void drawLegend(Graphics2D g, Panel p, Rectangle2D.Double plot) {
    List<Series> entries = p.series;
    if (entries.isEmpty()) {
      return;
    }
    g.setFont(SMALL);
    FontMetrics fm = g.getFontMetrics();
    int widest = 0;
    for (Series s : entries) {
      widest = Math.max(widest, fm.stringWidth(s.label));
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
      Series s = entries.get(i);
      double ly = by + 5 + i * rowHeight + rowHeight / 2.0;
      g.setColor(s.color);
      g.setStroke(s.dashed
          ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
          : new BasicStroke(2.5f));
      g.draw(new Line2D.Double(bx + 8, ly, bx + 34, ly));
      if (s.markers) {
        g.fill(new java.awt.geom.Ellipse2D.Double(bx + 21 - 4, ly - 4, 8, 8));
      }
      g.setColor(BLACK);
      g.drawString(s.label, (float) (bx + 40), (float) (ly + 4));
    }
  }

  private static double[] yRange(Panel p) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Series s : p.series) {
      for (double v : s.y) {
        if (Double.isFinite(v) && (!p.logY || v > 0)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    for (HLine line : p.lines) {
      min = Math.min(min, line.y);
      max = Math.max(max, line.y);
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

  /** A linear or log10 axis with "nice" ticks. */
  private static final class Axis {
    final double min;
    final double max;
    final boolean log;

    Axis(double min, double max, boolean log) {
      this.min = min;
      this.max = max;
      this.log = log;
    }

    double map(double v, double from, double to) {
      double f = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
          : (v - min) / (max - min);
      return from + f * (to - from);
    }

    /** {value, 1 = major (labelled) / 0 = minor}. */
    List<double[]> ticks() {
      List<double[]> ticks = new ArrayList<>();
      if (log) {
        // from the decade at or below min: a padded x axis does not start on a power of ten
        for (double decade = Math.pow(10, Math.floor(Math.log10(min) + 1e-9)); decade <= max * 1.0001; decade *= 10) {
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
  }

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

  private static void drawCentered(Graphics2D g, String text, int cx, int y) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(text, cx - fm.stringWidth(text) / 2f, y);
  }
}
