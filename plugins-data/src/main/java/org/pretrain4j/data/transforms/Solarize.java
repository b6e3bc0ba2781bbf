package org.pretrain4j.data.transforms;

import java.util.random.RandomGenerator;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/**
 * mmpretrain's {@code Solarize} (mmcv's {@code solarize}): with probability {@code prob} every 8-bit value at or above
 * {@code thr} becomes {@code 255 - value}, in every channel; values below stay. BYOL's second view solarizes with
 * {@code thr = 128, prob = 0.2}, using the transform's own probability rather than a {@code RandomApply} around it.
 */
public final class Solarize implements Transform {
    private final SolarizeConfig config;

    /**
     * Creates the transform.
     *
     * @param config the threshold and probability
     */
    public Solarize(SolarizeConfig config) {
        this.config = config;
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        if (!(random.nextDouble() < config.prob())) {
            return sample;
        }
        Image img = sample.image();
        byte[] in = img.pixels();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            int v = in[i] & 0xff;
            out[i] = (byte) (v >= config.thr() ? 255 - v : v);
        }
        return sample.withImage(new Image(img.height(), img.width(), img.channels(), out));
    }
}
