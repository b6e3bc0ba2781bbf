package org.pretrain4j.data.transforms;

import java.util.random.RandomGenerator;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/**
 * mmpretrain's {@code GaussianBlur} (from its RandAugment family, the one its SimCLR, MoCo v2 and BYOL pipelines use):
 * with probability {@code prob} blurs with Pillow's {@code ImageFilter.GaussianBlur(radius)}, the radius fixed or
 * drawn from {@code magnitude_range} as {@code BaseAugTransform.random_magnitude} does (with
 * {@code magnitude_std = 'inf'} the SimCLR pipeline's radius is uniform in [0.1, 2.0]).
 *
 * <p>The blur is Pillow's, bit for bit: three passes of an extended box filter (Gwosdek et al., 2011) whose
 * fractional radius approximates the Gaussian's standard deviation, in 8.24 fixed point, rows first, then columns,
 * edges extended.
 */
public final class GaussianBlur implements Transform {
    /** Pillow's number of box passes. */
    private static final int PASSES = 3;

    private final GaussianBlurConfig config;

    /**
     * Creates the transform.
     *
     * @param config the config
     */
    public GaussianBlur(GaussianBlurConfig config) {
        this.config = config;
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        // BaseAugTransform.random_disable: skip when rand() > prob.
        if (random.nextDouble() > config.prob()) {
            return sample;
        }
        double radius = config.radius() != null ? config.radius() : magnitude(random);
        return sample.withImage(blur(sample.image(), (float) radius));
    }

    /** {@code BaseAugTransform.random_magnitude}: a noisy level mapped linearly onto the range. */
    private double magnitude(RandomGenerator random) {
        double level = config.magnitudeLevel();
        double std = config.magnitudeStd();
        if (std == Double.POSITIVE_INFINITY) {
            level = Params.uniform(random, 0, level);
        } else if (std > 0) {
            level = Math.max(0, Math.min(config.totalLevel(), level + std * random.nextGaussian()));
        }
        double[] range = config.magnitudeRange();
        return level / config.totalLevel() * (range[1] - range[0]) + range[0];
    }

    /**
     * Pillow's {@code Image.gaussian_blur(radius)} of an 8-bit image, every channel on its own.
     *
     * @param image the image
     * @param radius the Gaussian's standard deviation in pixels, as a C float
     * @return the blurred image
     */
    static Image blur(Image image, float radius) {
        float box = boxRadius(radius);
        int h = image.height();
        int w = image.width();
        int c = image.channels();
        byte[] in = image.pixels();
        int[] v = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            v[i] = in[i] & 0xff;
        }
        int[] line = new int[Math.max(h, w)];
        int[] out = new int[line.length];
        for (int pass = 0; pass < PASSES; pass++) {
            for (int y = 0; y < h; y++) {
                for (int k = 0; k < c; k++) {
                    blurLine(v, y * w * c + k, c, w, box, line, out);
                }
            }
        }
        for (int pass = 0; pass < PASSES; pass++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    blurLine(v, x * c + k, w * c, h, box, line, out);
                }
            }
        }
        byte[] pixels = new byte[in.length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) v[i];
        }
        return new Image(h, w, c, pixels);
    }

    /** Pillow's {@code _gaussian_blur_radius}: the extended box radius of {@value #PASSES} passes, in C floats. */
    static float boxRadius(float radius) {
        float sigma2 = radius * radius / PASSES;
        float bigL = (float) Math.sqrt(12.0 * sigma2 + 1.0);
        float l = (float) Math.floor((bigL - 1.0) / 2.0);
        float a = (2 * l + 1) * (l * (l + 1) - 3 * sigma2);
        a /= 6 * (sigma2 - (l + 1) * (l + 1));
        return l + a;
    }

    /**
     * Pillow's {@code ImagingLineBoxBlur8} on one line of {@code data} (elements {@code start + i * stride}), in
     * place: a box of integer radius plus fractional weight for the two pixels just outside it, edges repeated,
     * weights in 8.24 fixed point with Pillow's rounding.
     */
    private static void blurLine(int[] data, int start, int stride, int length, float floatRadius, int[] in,
            int[] out) {
        for (int i = 0; i < length; i++) {
            in[i] = data[start + i * stride];
        }
        int radius = (int) floatRadius;
        long ww = (long) ((float) (1 << 24) / (floatRadius * 2 + 1));
        long fw = ((1L << 24) - (radius * 2L + 1) * ww) / 2;
        int last = length - 1;
        int edgeA = Math.min(radius + 1, length);
        int edgeB = Math.max(length - radius - 1, 0);
        long acc = (long) in[0] * (radius + 1);
        for (int x = 0; x < edgeA - 1; x++) {
            acc += in[x];
        }
        acc += (long) in[last] * (radius - edgeA + 1);
        int x = 0;
        if (edgeA <= edgeB) {
            for (; x < edgeA; x++) {
                acc += in[x + radius] - in[0];
                out[x] = save(acc, ww, fw, in[0] + in[x + radius + 1]);
            }
            for (; x < edgeB; x++) {
                acc += in[x + radius] - in[x - radius - 1];
                out[x] = save(acc, ww, fw, in[x - radius - 1] + in[x + radius + 1]);
            }
        } else {
            for (; x < edgeB; x++) {
                acc += in[x + radius] - in[0];
                out[x] = save(acc, ww, fw, in[0] + in[x + radius + 1]);
            }
            for (; x < edgeA; x++) {
                acc += in[last] - in[0];
                out[x] = save(acc, ww, fw, in[0] + in[last]);
            }
        }
        for (; x <= last; x++) {
            acc += in[last] - in[x - radius - 1];
            out[x] = save(acc, ww, fw, in[x - radius - 1] + in[last]);
        }
        for (int i = 0; i < length; i++) {
            data[start + i * stride] = out[i];
        }
    }

    /** Pillow's {@code ADD_FAR} and {@code SAVE}: weighted sum in unsigned 32 bits, rounded out of 8.24. */
    private static int save(long acc, long ww, long fw, int far) {
        long bulk = (acc * ww + far * fw) & 0xFFFFFFFFL;
        return (int) (((bulk + (1L << 23)) & 0xFFFFFFFFL) >>> 24) & 0xff;
    }
}
