package org.pretrain4j.data.transforms;

import java.util.random.RandomGenerator;
import org.pretrain4j.api.data.Mask;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/**
 * mmpretrain's {@code SimMIMMaskGenerator}: masks {@code ceil(mask_ratio * r * r)} of the {@code r x r} squares of
 * {@code mask_patch_size} pixels ({@code r = input_size / mask_patch_size}), chosen uniformly without repeats, and
 * expresses the mask at the model's patch resolution: {@code (input_size / model_patch_size)} squared, each square
 * repeated {@code mask_patch_size / model_patch_size} times along both axes.
 */
public final class SimMIMMaskGenerator implements Transform {
    private final int randSize;
    private final int scale;
    private final int maskCount;

    /**
     * Creates the transform.
     *
     * @param config the config, with sizes that divide as the factory checks
     */
    public SimMIMMaskGenerator(SimMIMMaskGeneratorConfig config) {
        this.randSize = config.inputSize() / config.maskPatchSize();
        this.scale = config.maskPatchSize() / config.modelPatchSize();
        this.maskCount = (int) Math.ceil(randSize * randSize * config.maskRatio());
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        return sample.withMask(generate(random));
    }

    /**
     * Draws one mask.
     *
     * @param random the source
     * @return the mask, {@code (input_size / model_patch_size)} squared
     */
    Mask generate(RandomGenerator random) {
        int tokens = randSize * randSize;
        // The first maskCount entries of a uniform random permutation, as numpy's permutation(...)[:count].
        int[] order = new int[tokens];
        for (int i = 0; i < tokens; i++) {
            order[i] = i;
        }
        boolean[] coarse = new boolean[tokens];
        for (int i = 0; i < maskCount; i++) {
            int j = i + random.nextInt(tokens - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            coarse[order[i]] = true;
        }
        int side = randSize * scale;
        byte[] fine = new byte[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                fine[y * side + x] = (byte) (coarse[(y / scale) * randSize + x / scale] ? 1 : 0);
            }
        }
        return new Mask(side, side, fine);
    }
}
