package org.pretrain4j.data.transforms;

import java.util.Arrays;
import java.util.Locale;
import org.pretrain4j.api.data.Image;

/**
 * The pixel geometry every transform shares: crop, pad, flip and resize on 8-bit HWC images. Each method returns a
 * new image and leaves its input untouched.
 *
 * <p>Resizing follows OpenCV's {@code cv2.resize}, mmcv's default backend: pixel centres at {@code (i + 0.5)}
 * scaled ({@code src = (dst + 0.5) * in / out - 0.5}), edge pixels replicated, and the same 11-bit fixed-point
 * weights as OpenCV's scalar 8-bit path for {@code bilinear}, {@code bicubic} (cubic with {@code A = -0.75}) and
 * {@code lanczos} (OpenCV's {@code INTER_LANCZOS4}: {@code sinc(t) sinc(t / 4)} over 8 neighbours, normalised to sum
 * 1, exact at source pixel centres); {@code nearest} takes {@code floor(dst * in / out)} as OpenCV does. Differences from OpenCV: its vectorised code
 * rounds a few pixels differently by 1, exact 2x bilinear shrinks use its area path (same means, other rounding),
 * and like OpenCV nothing is anti-aliased on shrinking, unlike Pillow's filters.
 */
public final class ImageOps {
    private static final int COEF_BITS = 11;
    private static final int COEF_SCALE = 1 << COEF_BITS;
    private static final double CUBIC_A = -0.75;

    private ImageOps() {}

    /** Interpolation for {@link #resize}, spelled as in mmcv. */
    public enum Interpolation {
        /** Nearest neighbour (OpenCV's {@code INTER_NEAREST}). */
        NEAREST,
        /** Bilinear (OpenCV's {@code INTER_LINEAR}). */
        BILINEAR,
        /** Bicubic (OpenCV's {@code INTER_CUBIC}). */
        BICUBIC,
        /** Lanczos over 8 neighbours (OpenCV's {@code INTER_LANCZOS4}), mmcv's {@code lanczos} with cv2. */
        LANCZOS;

        /**
         * The source pixels one output pixel mixes along each axis.
         *
         * @return 1, 2, 4 or 8
         */
        int taps() {
            return switch (this) {
                case NEAREST -> 1;
                case BILINEAR -> 2;
                case BICUBIC -> 4;
                case LANCZOS -> 8;
            };
        }

        /**
         * The mmcv spelling.
         *
         * @return e.g. {@code bilinear}
         */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How {@link #pad} fills the border, as mmcv's {@code impad}. */
    public enum Border {
        /** A constant value per channel. */
        CONSTANT,
        /** The edge pixel repeated ({@code aaa|abcd|ddd}). */
        EDGE,
        /** Mirrored without repeating the edge ({@code dcb|abcd|cba}). */
        REFLECT,
        /** Mirrored repeating the edge ({@code cba|abcd|dcb}). */
        SYMMETRIC;

        /**
         * The mmcv spelling.
         *
         * @return e.g. {@code reflect}
         */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Cuts a rectangle out of an image.
     *
     * @param image the image
     * @param top first row
     * @param left first column
     * @param height rows to keep
     * @param width columns to keep
     * @return the crop
     * @throws IllegalArgumentException if the rectangle leaves the image
     */
    public static Image crop(Image image, int top, int left, int height, int width) {
        if (top < 0 || left < 0 || height <= 0 || width <= 0 || top + height > image.height()
                || left + width > image.width()) {
            throw new IllegalArgumentException("crop " + height + "x" + width + " at (" + top + ", " + left
                    + ") leaves the " + image.height() + "x" + image.width() + " image");
        }
        int c = image.channels();
        byte[] out = new byte[height * width * c];
        for (int y = 0; y < height; y++) {
            System.arraycopy(image.pixels(), ((top + y) * image.width() + left) * c, out, y * width * c, width * c);
        }
        return new Image(height, width, c, out);
    }

    /**
     * Pads an image on each side.
     *
     * @param image the image
     * @param left columns added on the left
     * @param top rows added on top
     * @param right columns added on the right
     * @param bottom rows added at the bottom
     * @param border how to fill
     * @param value per-channel fill for {@link Border#CONSTANT} (one value is used for every channel)
     * @return the padded image
     */
    public static Image pad(Image image, int left, int top, int right, int bottom, Border border, int[] value) {
        if (left < 0 || top < 0 || right < 0 || bottom < 0) {
            throw new IllegalArgumentException("negative padding");
        }
        int h = image.height() + top + bottom;
        int w = image.width() + left + right;
        int c = image.channels();
        byte[] out = new byte[h * w * c];
        for (int y = 0; y < h; y++) {
            int sy = sourceIndex(y - top, image.height(), border);
            for (int x = 0; x < w; x++) {
                int sx = sourceIndex(x - left, image.width(), border);
                for (int k = 0; k < c; k++) {
                    out[(y * w + x) * c + k] = sy < 0 || sx < 0 ? (byte) value[value.length == 1 ? 0 : k]
                            : image.pixels()[(sy * image.width() + sx) * c + k];
                }
            }
        }
        return new Image(h, w, c, out);
    }

    /**
     * Maps a coordinate outside {@code [0, length)} back inside, as OpenCV's {@code borderInterpolate}.
     *
     * @param p the coordinate
     * @param length the axis length
     * @param border the border mode
     * @return the source index, or -1 for a constant fill
     */
    static int sourceIndex(int p, int length, Border border) {
        if (p >= 0 && p < length) {
            return p;
        }
        switch (border) {
            case CONSTANT:
                return -1;
            case EDGE:
                return p < 0 ? 0 : length - 1;
            case REFLECT:
                if (length == 1) {
                    return 0;
                }
                // Reflect about the edge pixels repeatedly, so padding wider than the image still works.
                while (p < 0 || p >= length) {
                    p = p < 0 ? -p : 2 * length - p - 2;
                }
                return p;
            case SYMMETRIC:
            default:
                while (p < 0 || p >= length) {
                    p = p < 0 ? -p - 1 : 2 * length - p - 1;
                }
                return p;
        }
    }

    /**
     * Mirrors an image.
     *
     * @param image the image
     * @param horizontal mirror left-right
     * @param vertical mirror top-bottom (both: the {@code diagonal} flip)
     * @return the mirrored image
     */
    public static Image flip(Image image, boolean horizontal, boolean vertical) {
        int h = image.height();
        int w = image.width();
        int c = image.channels();
        byte[] in = image.pixels();
        byte[] out = new byte[in.length];
        for (int y = 0; y < h; y++) {
            int sy = vertical ? h - 1 - y : y;
            if (!horizontal) {
                System.arraycopy(in, sy * w * c, out, y * w * c, w * c);
                continue;
            }
            for (int x = 0; x < w; x++) {
                System.arraycopy(in, (sy * w + w - 1 - x) * c, out, (y * w + x) * c, c);
            }
        }
        return new Image(h, w, c, out);
    }

    /**
     * Resizes an image (see the class notes for the conventions).
     *
     * @param image the image
     * @param height the new height
     * @param width the new width
     * @param interpolation the kernel
     * @return the resized image (the input itself when the size is unchanged, as images are immutable by contract)
     */
    public static Image resize(Image image, int height, int width, Interpolation interpolation) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("cannot resize to " + height + "x" + width);
        }
        if (height == image.height() && width == image.width()) {
            return image;
        }
        if (interpolation == Interpolation.NEAREST) {
            return nearest(image, height, width);
        }
        int taps = interpolation.taps();
        int[][] xi = new int[width][taps];
        int[][] xw = new int[width][taps];
        int[][] yi = new int[height][taps];
        int[][] yw = new int[height][taps];
        weights(image.width(), width, taps, xi, xw);
        weights(image.height(), height, taps, yi, yw);
        int c = image.channels();
        int sw = image.width();
        byte[] in = image.pixels();
        // Horizontal pass for every source row, then a vertical pass: the separable scheme OpenCV uses.
        int[] rows = new int[image.height() * width * c];
        for (int sy = 0; sy < image.height(); sy++) {
            for (int x = 0; x < width; x++) {
                for (int k = 0; k < c; k++) {
                    int sum = 0;
                    for (int t = 0; t < taps; t++) {
                        sum += (in[(sy * sw + xi[x][t]) * c + k] & 0xff) * xw[x][t];
                    }
                    rows[(sy * width + x) * c + k] = sum;
                }
            }
        }
        byte[] out = new byte[height * width * c];
        long half = 1L << (2 * COEF_BITS - 1);
        for (int y = 0; y < height; y++) {
            for (int i = 0; i < width * c; i++) {
                long sum = 0;
                for (int t = 0; t < taps; t++) {
                    sum += (long) rows[yi[y][t] * width * c + i] * yw[y][t];
                }
                long v = (sum + half) >> (2 * COEF_BITS);
                out[y * width * c + i] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return new Image(height, width, c, out);
    }

    private static void weights(int in, int out, int taps, int[][] index, int[][] weight) {
        double scale = (double) in / out;
        double[] w = new double[taps];
        for (int d = 0; d < out; d++) {
            // OpenCV computes the source coordinate in single precision.
            float f = (float) ((d + 0.5) * scale - 0.5);
            int s = (int) Math.floor(f);
            float fx = f - s;
            if (taps == 2) {
                if (s < 0) {
                    s = 0;
                    fx = 0;
                }
                if (s >= in - 1) {
                    s = in - 1;
                    fx = 0;
                }
                w[0] = 1 - fx;
                w[1] = fx;
            } else if (taps == 4) {
                double x = fx;
                w[0] = ((CUBIC_A * (x + 1) - 5 * CUBIC_A) * (x + 1) + 8 * CUBIC_A) * (x + 1) - 4 * CUBIC_A;
                w[1] = ((CUBIC_A + 2) * x - (CUBIC_A + 3)) * x * x + 1;
                w[2] = ((CUBIC_A + 2) * (1 - x) - (CUBIC_A + 3)) * (1 - x) * (1 - x) + 1;
                w[3] = 1 - w[0] - w[1] - w[2];
            } else {
                lanczos4(fx, w);
            }
            // The taps start taps / 2 - 1 pixels before s: s itself for bilinear, s - 1 for cubic, s - 3 for Lanczos.
            int first = s - (taps / 2 - 1);
            for (int t = 0; t < taps; t++) {
                index[d][t] = Math.max(0, Math.min(in - 1, first + t));
                weight[d][t] = (int) Math.rint(w[t] * COEF_SCALE);
            }
        }
    }

    /**
     * Lanczos-4 weights of the 8 taps at {@code s - 3 .. s + 4} for a source point {@code fx} past {@code s}: tap
     * {@code i} lies {@code t = fx + 3 - i} away and weighs {@code sinc(t) sinc(t / 4)}, normalised to sum 1; a point
     * on a pixel centre takes that pixel alone, as OpenCV does below its float epsilon.
     */
    private static void lanczos4(float fx, double[] w) {
        if (fx < Math.ulp(1.0f)) {
            Arrays.fill(w, 0);
            w[3] = 1;
            return;
        }
        double sum = 0;
        for (int i = 0; i < 8; i++) {
            double t = Math.PI * (fx + 3 - i);
            w[i] = 4 * Math.sin(t) * Math.sin(t / 4) / (t * t);
            sum += w[i];
        }
        for (int i = 0; i < 8; i++) {
            w[i] /= sum;
        }
    }

    private static Image nearest(Image image, int height, int width) {
        int c = image.channels();
        byte[] out = new byte[height * width * c];
        double sy = (double) image.height() / height;
        double sx = (double) image.width() / width;
        for (int y = 0; y < height; y++) {
            int iy = Math.min((int) Math.floor(y * sy), image.height() - 1);
            for (int x = 0; x < width; x++) {
                int ix = Math.min((int) Math.floor(x * sx), image.width() - 1);
                System.arraycopy(image.pixels(), (iy * image.width() + ix) * c, out, (y * width + x) * c, c);
            }
        }
        return new Image(height, width, c, out);
    }
}
