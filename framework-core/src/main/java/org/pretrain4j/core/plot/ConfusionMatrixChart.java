package org.pretrain4j.core.plot;

import static java.util.Objects.requireNonNull;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Draws a confusion matrix: rows are true classes, columns predicted classes, each cell shaded by its share of the
 * row (so a rare class's errors show as clearly as a common one's) with the raw count printed where it fits, class
 * names on both axes (rotated on the x axis) and a colour bar.
 */
public final class ConfusionMatrixChart {
    private static final Color LOW = Color.WHITE;
    private static final Color HIGH = new Color(0x08, 0x30, 0x6B); // matplotlib's "Blues" end point
    private static final Font CELL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final int MAX_LABEL_CHARS = 24;

    private ConfusionMatrixChart() {}

    /**
     * Renders the matrix.
     *
     * @param matrix square counts, {@code matrix[true][predicted]}
     * @param labels one name per class
     * @return a new image, sized to the number of classes
     */
    public static BufferedImage render(long[][] matrix, List<String> labels) {
        requireNonNull(matrix, "matrix is null");
        requireNonNull(labels, "labels is null");
        int n = matrix.length;
        if (n == 0 || labels.size() != n) {
            throw new IllegalArgumentException("need a non-empty square matrix with one label per row, got " + n
                    + " rows and " + labels.size() + " labels");
        }
        // Cells shrink with the class count so that even 1000 classes give a picture of bounded size.
        int cell = Math.max(2, Math.min(56, 840 / n));
        List<String> names = labels.stream().map(ConfusionMatrixChart::shorten).toList();

        BufferedImage probe = ImageFiles.newCanvas(1, 1);
        Graphics2D pg = probe.createGraphics();
        pg.setFont(LinePanel.TICK_FONT);
        FontMetrics fm = pg.getFontMetrics();
        int labelStride = Math.max(1, (int) Math.ceil((fm.getHeight() + 2) / (double) cell));
        int maxLabel = 0;
        for (String s : names) {
            maxLabel = Math.max(maxLabel, fm.stringWidth(s));
        }
        pg.dispose();

        int left = 36 + maxLabel + 10;
        int top = 44;
        int bottom = (int) Math.ceil(maxLabel * Math.sqrt(0.5)) + 56;
        int right = 96;
        int grid = cell * n;
        BufferedImage image = ImageFiles.newCanvas(left + grid + right, top + grid + bottom);
        Graphics2D g = ImageFiles.graphics(image);
        try {
            long total = 0;
            long correct = 0;
            for (int t = 0; t < n; t++) {
                if (matrix[t].length != n) {
                    throw new IllegalArgumentException("row " + t + " has " + matrix[t].length + " columns, not " + n);
                }
                for (int p = 0; p < n; p++) {
                    total += matrix[t][p];
                }
                correct += matrix[t][t];
            }
            g.setColor(LinePanel.AXIS);
            g.setFont(LinePanel.TITLE_FONT);
            String title = String.format(Locale.ROOT, "Confusion matrix  (%d samples, accuracy %.2f%%)", total,
                    total == 0 ? 0.0 : 100.0 * correct / total);
            LinePanel.centered(g, title, image.getWidth() / 2, 26);

            g.setFont(CELL_FONT);
            FontMetrics cfm = g.getFontMetrics();
            for (int t = 0; t < n; t++) {
                long rowSum = 0;
                for (long c : matrix[t]) {
                    rowSum += c;
                }
                for (int p = 0; p < n; p++) {
                    double share = rowSum == 0 ? 0 : matrix[t][p] / (double) rowSum;
                    int x = left + p * cell;
                    int y = top + t * cell;
                    g.setColor(shade(share));
                    g.fillRect(x, y, cell, cell);
                    String count = Long.toString(matrix[t][p]);
                    if (cell >= 16 && cfm.stringWidth(count) <= cell - 4) {
                        g.setColor(share > 0.5 ? Color.WHITE : LinePanel.AXIS);
                        LinePanel.centered(g, count, x + cell / 2, y + cell / 2 + cfm.getAscent() / 2 - 1);
                    }
                }
            }
            g.setColor(LinePanel.AXIS);
            g.drawRect(left, top, grid, grid);

            g.setFont(LinePanel.TICK_FONT);
            for (int i = 0; i < n; i += labelStride) {
                String s = names.get(i);
                int c = i * cell + cell / 2;
                g.drawString(s, left - 6 - fm.stringWidth(s), top + c + fm.getAscent() / 2 - 1);
                // x labels hang down-left at 45 degrees, ending under their column, so long names never overlap.
                AffineTransform old = g.getTransform();
                g.translate(left + c, top + grid + 8);
                g.rotate(-Math.PI / 4);
                g.drawString(s, -fm.stringWidth(s), fm.getAscent() / 2);
                g.setTransform(old);
            }
            g.setFont(LinePanel.LABEL_FONT);
            LinePanel.centered(g, "Predicted label", left + grid / 2, image.getHeight() - 12);
            LinePanel.drawRotated(g, "True label", 20, top + grid / 2, -Math.PI / 2);

            drawColorBar(g, left + grid + 18, top, Math.max(grid, 60));
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawColorBar(Graphics2D g, int x, int y, int h) {
        int w = 14;
        for (int i = 0; i < h; i++) {
            g.setColor(shade(1.0 - i / (double) (h - 1)));
            g.drawLine(x, y + i, x + w, y + i);
        }
        g.setColor(LinePanel.AXIS);
        g.drawRect(x, y, w, h);
        g.setFont(LinePanel.TICK_FONT);
        FontMetrics fm = g.getFontMetrics();
        for (double v : new double[] {0, 0.5, 1}) {
            int py = y + (int) Math.round((1 - v) * h);
            g.drawLine(x + w, py, x + w + 3, py);
            g.drawString(String.format(Locale.ROOT, "%.1f", v), x + w + 6, py + fm.getAscent() / 2 - 1);
        }
        LinePanel.drawRotated(g, "share of row", x + w + 46, y + h / 2, Math.PI / 2);
    }

    private static Color shade(double v) {
        double t = Math.max(0, Math.min(1, v));
        return new Color(
                (int) Math.round(LOW.getRed() + t * (HIGH.getRed() - LOW.getRed())),
                (int) Math.round(LOW.getGreen() + t * (HIGH.getGreen() - LOW.getGreen())),
                (int) Math.round(LOW.getBlue() + t * (HIGH.getBlue() - LOW.getBlue())));
    }

    private static String shorten(String s) {
        return s.length() <= MAX_LABEL_CHARS ? s : s.substring(0, MAX_LABEL_CHARS - 1) + "\u2026";
    }
}
