package org.pretrain4j.core.plot;

import static java.util.Objects.requireNonNull;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training-curve plot of a run's work directory: one {@value #WIDTH} x {@value #HEIGHT} PNG with three panels side
 * by side, training loss, learning rate and validation metrics (one line per metric name, with a legend), each
 * against the iteration. The runner feeds points as it logs them and redraws the file now and then; each write is
 * atomic, so a viewer never catches a half-written image.
 *
 * <p>Thread-confined: feed and draw from one thread (the training loop's), or synchronise externally.
 */
public final class TrainingCurves {
    /** Width of the image in pixels. */
    public static final int WIDTH = 1200;
    /** Height of the image in pixels. */
    public static final int HEIGHT = 400;

    // matplotlib's tab10 colours: distinguishable, and what mmpretrain users are used to seeing.
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
    };

    private final Series loss = new Series("loss", PALETTE[0]);
    private final Series lr = new Series("lr", PALETTE[1]);
    private final Map<String, Series> metrics = new LinkedHashMap<>();

    /** Creates empty curves. */
    public TrainingCurves() {}

    /**
     * Adds a training-loss point.
     *
     * @param iter the iteration (1-based or 0-based, as the runner logs it)
     * @param value the loss; NaN or infinite values leave a gap in the line
     */
    public void addLoss(long iter, double value) {
        loss.add(iter, value);
    }

    /**
     * Adds a learning-rate point.
     *
     * @param iter the iteration
     * @param value the learning rate
     */
    public void addLr(long iter, double value) {
        lr.add(iter, value);
    }

    /**
     * Adds a validation-metric point; each distinct name becomes its own line, coloured in order of first use.
     *
     * @param iter the iteration at which validation ran
     * @param name the metric's name, e.g. {@code accuracy/top1}
     * @param value its value
     */
    public void addMetric(long iter, String name, double value) {
        requireNonNull(name, "name is null");
        metrics.computeIfAbsent(name, n -> new Series(n, PALETTE[metrics.size() % PALETTE.length])).add(iter, value);
    }

    /**
     * Draws the three panels.
     *
     * @return a new {@value #WIDTH} x {@value #HEIGHT} image
     */
    public BufferedImage render() {
        BufferedImage image = ImageFiles.newCanvas(WIDTH, HEIGHT);
        Graphics2D g = ImageFiles.graphics(image);
        try {
            int w = WIDTH / 3;
            LinePanel.draw(g, new Rectangle(0, 0, w, HEIGHT), "Training loss", "iteration", "loss",
                    List.of(loss), false, false);
            LinePanel.draw(g, new Rectangle(w, 0, w, HEIGHT), "Learning rate", "iteration", "lr",
                    List.of(lr), false, false);
            LinePanel.draw(g, new Rectangle(2 * w, 0, WIDTH - 2 * w, HEIGHT), "Validation", "iteration", "metric",
                    new ArrayList<>(metrics.values()), true, !metrics.isEmpty());
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Draws the panels and writes them as a PNG, atomically (temporary file in the same directory, then rename).
     *
     * @param file the target, e.g. {@code work_dirs/run/curves.png}; its directory must exist
     * @throws UncheckedIOException if the file cannot be written; a previous version then stays intact. Unchecked
     *     because the training loop redraws from many places and has no better answer than to stop with the cause.
     */
    public void writePng(Path file) {
        requireNonNull(file, "file is null");
        try {
            ImageFiles.writePng(render(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training curves to " + file + ": " + e.getMessage(), e);
        }
    }
}
