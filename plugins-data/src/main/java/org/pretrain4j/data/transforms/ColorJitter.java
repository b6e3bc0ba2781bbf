package org.pretrain4j.data.transforms;

import java.util.random.RandomGenerator;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/**
 * Jitters brightness, contrast, saturation and hue in a random order, as mmpretrain's {@code ColorJitter} with its
 * default Pillow backend. Each adjustment follows Pillow's {@code ImageEnhance} (a blend with a black, mean-grey
 * or per-pixel-grey image, truncated to 8 bits) and hue follows mmcv's {@code adjust_hue} on Pillow's 8-bit HSV.
 * Three-channel images are read as BGR, as mmcv does, also for CIFAR images that are RGB (so is mmpretrain).
 * Saturation and hue leave one-channel images unchanged.
 */
public final class ColorJitter implements Transform {
    private final ColorJitterConfig config;

    /**
     * Creates the transform.
     *
     * @param config the config
     */
    public ColorJitter(ColorJitterConfig config) {
        this.config = config;
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        // The permutation is drawn first and the factors after it, in mmpretrain's order.
        int[] order = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double[][] ranges = {config.brightness(), config.contrast(), config.saturation(), config.hue()};
        double[] factors = new double[4];
        for (int k = 0; k < 4; k++) {
            factors[k] = ranges[k] == null ? Double.NaN : Params.uniform(random, ranges[k][0], ranges[k][1]);
        }
        Image img = sample.image();
        for (int k : order) {
            if (ranges[k] == null) {
                continue;
            }
            boolean colour = img.channels() == 3;
            img = switch (k) {
                case 0 -> blend(img, null, 0, factors[k]);
                case 1 -> blend(img, null, meanGrey(img), factors[k]);
                case 2 -> colour ? blend(img, grey(img), 0, factors[k]) : img;
                default -> colour ? shiftHue(img, factors[k]) : img;
            };
        }
        return img == sample.image() ? sample : sample.withImage(img);
    }

    /** Pillow's {@code Image.blend(degenerate, img, factor)}: {@code d + factor * (img - d)}, truncated, clipped. */
    private static Image blend(Image img, int[] greyPerPixel, int constant, double factor) {
        float alpha = (float) factor;
        byte[] in = img.pixels();
        byte[] out = new byte[in.length];
        int c = img.channels();
        for (int i = 0; i < in.length; i++) {
            int d = greyPerPixel != null ? greyPerPixel[i / c] : constant;
            float v = d + alpha * ((in[i] & 0xff) - d);
            out[i] = (byte) (v <= 0 ? 0 : v >= 255 ? 255 : (int) v);
        }
        return new Image(img.height(), img.width(), c, out);
    }

    /** Pillow's {@code convert("L")} of an RGB image, given mmcv's BGR order. */
    private static int[] grey(Image img) {
        byte[] p = img.pixels();
        int[] g = new int[img.height() * img.width()];
        for (int i = 0; i < g.length; i++) {
            int b = p[3 * i] & 0xff;
            int gr = p[3 * i + 1] & 0xff;
            int r = p[3 * i + 2] & 0xff;
            g[i] = (r * 19595 + gr * 38470 + b * 7471 + 0x8000) >> 16;
        }
        return g;
    }

    /** Pillow's contrast reference: the rounded mean of the grey image. */
    private static int meanGrey(Image img) {
        long sum = 0;
        if (img.channels() == 3) {
            for (int v : grey(img)) {
                sum += v;
            }
        } else {
            for (byte b : img.pixels()) {
                sum += b & 0xff;
            }
        }
        return (int) ((double) sum / (img.height() * img.width()) + 0.5);
    }

    /** mmcv's Pillow {@code adjust_hue}: add {@code uint8(factor * 255)} to Pillow's 8-bit hue, wrapping. */
    private static Image shiftHue(Image img, double factor) {
        int shift = ((int) (factor * 255)) & 0xff;
        byte[] in = img.pixels();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i += 3) {
            int b = in[i] & 0xff;
            int g = in[i + 1] & 0xff;
            int r = in[i + 2] & 0xff;
            int max = Math.max(r, Math.max(g, b));
            int min = Math.min(r, Math.min(g, b));
            if (max == min) {
                // Zero saturation: Pillow's HSV round trip gives grey back whatever the hue.
                out[i] = in[i];
                out[i + 1] = in[i + 1];
                out[i + 2] = in[i + 2];
                continue;
            }
            float cr = max - min;
            float s = cr / max;
            float rc = (max - r) / cr;
            float gc = (max - g) / cr;
            float bc = (max - b) / cr;
            float h = r == max ? bc - gc : g == max ? 2.0f + rc - bc : 4.0f + gc - rc;
            h = (float) ((h / 6.0 + 1.0) % 1.0);
            int uh = (clip8((int) (h * 255.0)) + shift) & 0xff;
            int us = clip8((int) (s * 255.0));
            hsvToBgr(uh, us, max, out, i);
        }
        return new Image(img.height(), img.width(), 3, out);
    }

    private static void hsvToBgr(int h, int s, int v, byte[] out, int at) {
        int r;
        int g;
        int b;
        if (s == 0) {
            r = v;
            g = v;
            b = v;
        } else {
            int i = (int) Math.floor(h * 6.0f / 255.0f);
            float f = h * 6.0f / 255.0f - i;
            float fs = s / 255.0f;
            int p = clip8(Math.round(v * (1.0f - fs)));
            int q = clip8(Math.round(v * (1.0f - fs * f)));
            int t = clip8(Math.round(v * (1.0f - fs * (1.0f - f))));
            switch (i % 6) {
                case 0 -> { r = v; g = t; b = p; }
                case 1 -> { r = q; g = v; b = p; }
                case 2 -> { r = p; g = v; b = t; }
                case 3 -> { r = p; g = q; b = v; }
                case 4 -> { r = t; g = p; b = v; }
                default -> { r = v; g = p; b = q; }
            }
        }
        out[at] = (byte) b;
        out[at + 1] = (byte) g;
        out[at + 2] = (byte) r;
    }

    private static int clip8(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
