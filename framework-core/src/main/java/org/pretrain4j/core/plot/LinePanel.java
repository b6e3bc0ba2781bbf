package org.pretrain4j.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.List;

/**
 * Draws one line chart into a rectangle of a canvas: title, framed plot area, nice ticks with labels on both axes,
 * axis labels, one polyline per series and an optional legend. Non-finite values (a diverged loss) break the line
 * instead of wrecking the axis range.
 */
final class LinePanel {
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Color AXIS = new Color(0x33, 0x33, 0x33);
    static final Color GRID = new Color(0xE6, 0xE6, 0xE6);

    private static final int LEFT = 72;
    private static final int RIGHT = 16;
    private static final int TOP = 34;
    private static final int BOTTOM = 48;

    private LinePanel() {}

    /**
     * Draws the panel.
     *
     * @param g the canvas
     * @param bounds the panel's rectangle on the canvas
     * @param title drawn above the plot area
     * @param xLabel the x-axis label
     * @param yLabel the y-axis label
     * @param series the lines; an empty list, or series without finite points, draws "no data yet"
     * @param markers whether to mark each point (for sparse series such as validation metrics)
     * @param legend whether to draw a legend with the series names
     */
    static void draw(Graphics2D g, Rectangle bounds, String title, String xLabel, String yLabel,
            List<Series> series, boolean markers, boolean legend) {
        Rectangle plot = new Rectangle(bounds.x + LEFT, bounds.y + TOP,
                bounds.width - LEFT - RIGHT, bounds.height - TOP - BOTTOM);
        g.setColor(AXIS);
        g.setFont(TITLE_FONT);
        centered(g, title, bounds.x + bounds.width / 2, bounds.y + 22);

        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.size(); i++) {
                double y = s.y(i);
                if (Double.isFinite(y)) {
                    minX = Math.min(minX, s.x(i));
                    maxX = Math.max(maxX, s.x(i));
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (minX > maxX) {
            g.setColor(AXIS);
            g.drawRect(plot.x, plot.y, plot.width, plot.height);
            g.setFont(LABEL_FONT);
            g.setColor(Color.GRAY);
            centered(g, "no data yet", plot.x + plot.width / 2, plot.y + plot.height / 2);
            axisLabels(g, plot, xLabel, yLabel);
            return;
        }
        Ticks xt = Ticks.covering(minX, maxX, 6);
        Ticks yt = Ticks.covering(minY, maxY, 6);
        if (maxX > minX) {
            // The x axis ends at the last point, so the curve uses the whole width as training goes on; iterations
            // are never negative, so it does not start below 0 either.
            xt = new Ticks(minX >= 0 ? Math.max(0, xt.lo()) : xt.lo(), maxX, xt.step());
        }

        g.setFont(TICK_FONT);
        FontMetrics fm = g.getFontMetrics();
        for (double v : yt.values()) {
            int py = py(v, yt, plot);
            g.setColor(GRID);
            g.drawLine(plot.x + 1, py, plot.x + plot.width - 1, py);
            g.setColor(AXIS);
            g.drawLine(plot.x - 4, py, plot.x, py);
            String s = yt.label(v);
            g.drawString(s, plot.x - 6 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
        }
        for (double v : xt.values()) {
            int px = px(v, xt, plot);
            g.setColor(GRID);
            g.drawLine(px, plot.y + 1, px, plot.y + plot.height - 1);
            g.setColor(AXIS);
            g.drawLine(px, plot.y + plot.height, px, plot.y + plot.height + 4);
            centered(g, xt.label(v), px, plot.y + plot.height + 6 + fm.getAscent());
        }
        g.setColor(AXIS);
        g.drawRect(plot.x, plot.y, plot.width, plot.height);
        axisLabels(g, plot, xLabel, yLabel);

        Shape oldClip = g.getClip();
        g.clip(new Rectangle(plot.x, plot.y, plot.width + 1, plot.height + 1));
        g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (Series s : series) {
            g.setColor(s.color());
            Path2D.Double path = new Path2D.Double();
            boolean penDown = false;
            for (int i = 0; i < s.size(); i++) {
                double y = s.y(i);
                if (!Double.isFinite(y)) {
                    penDown = false;
                    continue;
                }
                double x = pxd(s.x(i), xt, plot);
                double yy = pyd(y, yt, plot);
                if (penDown) {
                    path.lineTo(x, yy);
                } else {
                    path.moveTo(x, yy);
                    penDown = true;
                }
                if (markers || s.size() == 1) {
                    g.fill(new Ellipse2D.Double(x - 3, yy - 3, 6, 6));
                }
            }
            g.draw(path);
        }
        g.setStroke(new BasicStroke(1f));
        g.setClip(oldClip);
        if (legend) {
            drawLegend(g, plot, series);
        }
    }

    private static void drawLegend(Graphics2D g, Rectangle plot, List<Series> series) {
        g.setFont(TICK_FONT);
        FontMetrics fm = g.getFontMetrics();
        int width = 0;
        for (Series s : series) {
            width = Math.max(width, fm.stringWidth(s.name()));
        }
        int lineH = fm.getHeight();
        int boxW = width + 32;
        int boxH = lineH * series.size() + 8;
        // Bottom right: accuracy curves rise towards the top left to top right, so this corner is usually free.
        int bx = plot.x + plot.width - boxW - 6;
        int by = plot.y + plot.height - boxH - 6;
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(bx, by, boxW, boxH);
        g.setColor(GRID.darker());
        g.drawRect(bx, by, boxW, boxH);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            int y = by + 4 + lineH * i + lineH / 2;
            g.setColor(s.color());
            g.setStroke(new BasicStroke(2f));
            g.drawLine(bx + 6, y, bx + 22, y);
            g.setStroke(new BasicStroke(1f));
            g.setColor(AXIS);
            g.drawString(s.name(), bx + 26, y + fm.getAscent() / 2 - 1);
        }
    }

    private static void axisLabels(Graphics2D g, Rectangle plot, String xLabel, String yLabel) {
        g.setFont(LABEL_FONT);
        g.setColor(AXIS);
        FontMetrics fm = g.getFontMetrics();
        centered(g, xLabel, plot.x + plot.width / 2, plot.y + plot.height + 22 + fm.getAscent());
        drawRotated(g, yLabel, plot.x - LEFT + 4 + fm.getAscent(), plot.y + plot.height / 2, -Math.PI / 2);
    }

    /**
     * Draws text centred horizontally on {@code cx}, with its baseline at {@code baseline}.
     *
     * @param g the canvas
     * @param text the text
     * @param cx the centre
     * @param baseline the baseline
     */
    static void centered(Graphics2D g, String text, int cx, int baseline) {
        g.drawString(text, cx - g.getFontMetrics().stringWidth(text) / 2, baseline);
    }

    /**
     * Draws text rotated about the point where its horizontal centre meets its baseline.
     *
     * @param g the canvas
     * @param text the text
     * @param x the anchor's x
     * @param y the anchor's y
     * @param angle the rotation in radians (negative: counter-clockwise on screen)
     */
    static void drawRotated(Graphics2D g, String text, int x, int y, double angle) {
        AffineTransform old = g.getTransform();
        g.translate(x, y);
        g.rotate(angle);
        g.drawString(text, -g.getFontMetrics().stringWidth(text) / 2, 0);
        g.setTransform(old);
    }

    private static int px(double v, Ticks t, Rectangle plot) {
        return (int) Math.round(pxd(v, t, plot));
    }

    private static int py(double v, Ticks t, Rectangle plot) {
        return (int) Math.round(pyd(v, t, plot));
    }

    private static double pxd(double v, Ticks t, Rectangle plot) {
        return plot.x + (v - t.lo()) / (t.hi() - t.lo()) * plot.width;
    }

    private static double pyd(double v, Ticks t, Rectangle plot) {
        return plot.y + plot.height - (v - t.lo()) / (t.hi() - t.lo()) * plot.height;
    }
}
