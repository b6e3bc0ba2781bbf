package org.pretrain4j.data.transforms;

import java.util.random.RandomGenerator;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/**
 * Erases a random rectangle, as mmpretrain's {@code RandomErasing}. Kept from it: the offsets are drawn from
 * {@code [0, size - patch)}, so a patch never touches the bottom or right edge unless it spans the image. A
 * one-channel image is filled with the first fill value (mmpretrain supports only three channels).
 */
public final class RandomErasing implements Transform {
    private final RandomErasingConfig config;

    /**
     * Creates the transform.
     *
     * @param config the config
     */
    public RandomErasing(RandomErasingConfig config) {
        this.config = config;
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        if (random.nextDouble() > config.eraseProb()) {
            return sample;
        }
        Image img = sample.image();
        int imgH = img.height();
        int imgW = img.width();
        double logLo = Math.log(config.aspectRange()[0]);
        double logHi = Math.log(config.aspectRange()[1]);
        double aspect = Math.exp(Params.uniform(random, logLo, logHi));
        double area = imgH * (double) imgW * Params.uniform(random, config.minAreaRatio(), config.maxAreaRatio());
        int h = Math.min((int) Math.rint(Math.sqrt(area * aspect)), imgH);
        int w = Math.min((int) Math.rint(Math.sqrt(area / aspect)), imgW);
        int top = imgH > h ? random.nextInt(imgH - h) : 0;
        int left = imgW > w ? random.nextInt(imgW - w) : 0;
        int c = img.channels();
        byte[] out = img.pixels().clone();
        for (int y = top; y < top + h; y++) {
            for (int x = left; x < left + w; x++) {
                for (int k = 0; k < c; k++) {
                    out[(y * imgW + x) * c + k] = (byte) fill(k, random);
                }
            }
        }
        return sample.withImage(new Image(imgH, imgW, c, out));
    }

    private int fill(int channel, RandomGenerator random) {
        double color = Params.perChannel(config.fillColor(), channel);
        if (!config.random()) {
            return (int) color;
        }
        if (config.fillStd() == null) {
            return Math.min(255, (int) Params.uniform(random, 0, 256));
        }
        // numpy casts the normal draw to int32 (truncating) before clipping.
        int v = (int) (color + Params.perChannel(config.fillStd(), channel) * random.nextGaussian());
        return Math.max(0, Math.min(255, v));
    }
}
