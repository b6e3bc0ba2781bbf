package org.pretrain4j.core.plot;

import static java.util.Objects.requireNonNull;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.pretrain4j.core.checkpoint.AtomicFiles;

/**
 * Canvases for the plots and their atomic PNG output: a viewer refreshing a plot while the runner redraws it, or a
 * run killed mid-write, sees either the old file or the new one, never a torn one.
 */
public final class ImageFiles {
    static {
        // Plots are drawn on servers without a display; a headless toolkit never looks for X11. Only set when the
        // application has not chosen, so a GUI embedding pretrain4j keeps its own toolkit.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ImageFiles() {}

    /**
     * Creates a white RGB canvas.
     *
     * @param width the width in pixels
     * @param height the height in pixels
     * @return the image
     */
    public static BufferedImage newCanvas(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Opens a graphics context with anti-aliased shapes and text; the caller disposes it.
     *
     * @param image the canvas
     * @return the graphics context
     */
    public static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        return g;
    }

    /**
     * Encodes an image as PNG and writes it atomically through {@link AtomicFiles} (temporary file in the same
     * directory, fsync, rename over the target).
     *
     * @param image the image
     * @param file the target; its directory must exist
     * @throws IOException if encoding or writing fails; the target is then unchanged
     */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        requireNonNull(image, "image is null");
        requireNonNull(file, "file is null");
        // Encode first, so a failing encoder never leaves a temporary file behind.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("no PNG encoder available to write " + file);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
        AtomicFiles.write(file, ch -> AtomicFiles.writeFully(ch, buffer));
    }
}
