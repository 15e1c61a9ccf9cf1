package ai.induo.bench.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * A line chart drawn with Java 2D: lines with a dot at each point, axes with a few round ticks, a
 * legend. With no points at all it draws the title and the reason the figures are missing instead.
 */
final class LineChart {

    /** The size of every chart, in pixels. */
    static final int WIDTH = 900;
    static final int HEIGHT = 540;

    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    private static final int TICKS = 5;
    /** Room left and right of the outermost points, as a share of their span. */
    private static final double X_MARGIN = 0.04;
    private static final Color[] COLOURS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd)};

    /** One point of a series. */
    record Point(double x, double y) {
    }

    /** A named line. */
    record Series(String name, List<Point> points) {
    }

    /**
     * What to draw.
     *
     * @param logX    a base-2 logarithmic x axis (batch sizes), else linear
     * @param missing shown instead of the plot when no series has a point
     */
    record Spec(String title, String xLabel, String yLabel, boolean logX, List<Series> series, String missing) {

        boolean hasPoints() {
            return series.stream().anyMatch(line -> !line.points().isEmpty());
        }
    }

    private LineChart() {
    }

    static BufferedImage render(Spec spec) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(spec.title(), LEFT, TOP / 2 + 6);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            if (spec.hasPoints()) {
                plot(g, spec);
            } else {
                g.setColor(Color.DARK_GRAY);
                g.drawString(spec.missing(), LEFT, HEIGHT / 2);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void plot(Graphics2D g, Spec spec) {
        List<Point> all = spec.series().stream().flatMap(line -> line.points().stream()).toList();
        DoubleUnaryOperator xValue = spec.logX() ? x -> Math.log(x) / Math.log(2) : x -> x;
        double xMin = all.stream().mapToDouble(p -> xValue.applyAsDouble(p.x())).min().orElseThrow();
        double xMax = all.stream().mapToDouble(p -> xValue.applyAsDouble(p.x())).max().orElseThrow();
        if (xMax == xMin) {
            xMin -= 1;
            xMax += 1;
        }
        double margin = (xMax - xMin) * X_MARGIN;
        xMin -= margin;
        xMax += margin;
        double yMax = niceCeiling(all.stream().mapToDouble(Point::y).filter(Double::isFinite).max().orElse(1));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double xFrom = xMin;
        double xSpan = xMax - xMin;
        DoubleUnaryOperator px = x -> LEFT + (xValue.applyAsDouble(x) - xFrom) / xSpan * plotWidth;
        DoubleUnaryOperator py = y -> TOP + plotHeight - y / yMax * plotHeight;

        axes(g, spec, all, px, py, yMax, plotWidth, plotHeight);
        g.setStroke(new BasicStroke(2.5f));
        for (int i = 0; i < spec.series().size(); i++) {
            Series line = spec.series().get(i);
            g.setColor(COLOURS[i % COLOURS.length]);
            Path2D path = new Path2D.Double();
            List<Point> points = line.points().stream().filter(p -> Double.isFinite(p.y())).toList();
            for (int j = 0; j < points.size(); j++) {
                double x = px.applyAsDouble(points.get(j).x());
                double y = py.applyAsDouble(points.get(j).y());
                if (j == 0) {
                    path.moveTo(x, y);
                } else {
                    path.lineTo(x, y);
                }
                g.fillOval((int) x - 4, (int) y - 4, 8, 8);
            }
            g.draw(path);
            int legendY = TOP + 10 + i * 20;
            g.fillRect(LEFT + 15, legendY - 9, 18, 4);
            g.drawString(line.name(), LEFT + 40, legendY - 3);
        }
    }

    private static void axes(Graphics2D g, Spec spec, List<Point> all, DoubleUnaryOperator px, DoubleUnaryOperator py,
            double yMax, int plotWidth, int plotHeight) {
        FontMetrics metrics = g.getFontMetrics();
        int bottom = TOP + plotHeight;
        g.setColor(new Color(0xe0e0e0));
        for (int i = 0; i <= TICKS; i++) {
            int y = (int) py.applyAsDouble(yMax * i / TICKS);
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
        }
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, TOP, LEFT, bottom);
        g.drawLine(LEFT, bottom, LEFT + plotWidth, bottom);
        for (int i = 0; i <= TICKS; i++) {
            double value = yMax * i / TICKS;
            int y = (int) py.applyAsDouble(value);
            String label = format(value);
            g.drawString(label, LEFT - 8 - metrics.stringWidth(label), y + metrics.getAscent() / 2);
        }
        all.stream().mapToDouble(Point::x).distinct().sorted().forEach(value -> {
            int x = (int) px.applyAsDouble(value);
            g.drawLine(x, bottom, x, bottom + 5);
            String label = format(value);
            g.drawString(label, x - metrics.stringWidth(label) / 2, bottom + 8 + metrics.getAscent());
        });
        g.drawString(spec.xLabel(), LEFT + (plotWidth - metrics.stringWidth(spec.xLabel())) / 2, HEIGHT - 20);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(spec.yLabel(), -(TOP + (plotHeight + metrics.stringWidth(spec.yLabel())) / 2), 25);
        rotated.dispose();
    }

    /** The smallest of 1, 2 or 5 times a power of ten at or above {@code value}. */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }
}
