package org.pretrain4j.data.transforms;

import java.util.random.RandomGenerator;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/**
 * Flips with a probability per direction, as mmcv's {@code RandomFlip}: one uniform draw picks a direction or no
 * flip. Pure Java, because DJL's flip transforms are broken (see the DJL notes).
 */
public final class RandomFlip implements Transform {
    private final RandomFlipConfig config;

    /**
     * Creates the transform.
     *
     * @param config the config
     */
    public RandomFlip(RandomFlipConfig config) {
        this.config = config;
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < config.directions().size(); i++) {
            cumulative += config.probs().get(i);
            if (u < cumulative) {
                String d = config.directions().get(i);
                boolean horizontal = !d.equals("vertical");
                boolean vertical = !d.equals("horizontal");
                return sample.withImage(ImageOps.flip(sample.image(), horizontal, vertical));
            }
        }
        return sample;
    }
}
