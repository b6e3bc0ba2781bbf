package org.pretrain4j.data.transforms;

import java.util.random.RandomGenerator;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.data.Mask;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/**
 * mmpretrain's {@code BEiTMaskGenerator}: block-wise masking of exactly {@code num_masking_patches} patches of a
 * {@code height x width} grid, for BEiT, BEiT v2 and MaskFeat. Blocks are drawn until the count is reached: area
 * uniform in {@code [min_num_patches, remaining]} (capped by {@code max_num_patches}), aspect ratio log-uniform in
 * {@code [min_aspect, max_aspect]}, sides rounded half to even, up to ten tries per block; a block is kept when it
 * adds at least one patch and no more than remain.
 *
 * <p>As in mmpretrain (and BEiT's original code) a block's top-left corner is drawn with numpy's exclusive
 * {@code randint(0, height - h)}, so the last row and column are never masked; the factory therefore rejects more
 * patches than {@code (height - 1) * (width - 1)}, for which mmpretrain would loop forever.
 */
public final class BEiTMaskGenerator implements Transform {
    /** Rounds without a new masked patch after which the generator gives up instead of looping forever. */
    private static final int MAX_IDLE_ROUNDS = 100_000;

    private final BEiTMaskGeneratorConfig config;
    private final double logAspectLo;
    private final double logAspectHi;

    /**
     * Creates the transform.
     *
     * @param config the config
     */
    public BEiTMaskGenerator(BEiTMaskGeneratorConfig config) {
        this.config = config;
        this.logAspectLo = Math.log(config.minAspect());
        this.logAspectHi = Math.log(config.maxAspect());
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        return sample.withMask(generate(random, sample));
    }

    /**
     * Draws one mask.
     *
     * @param random the source
     * @param sample the sample, named in errors
     * @return the mask
     */
    Mask generate(RandomGenerator random, Sample sample) {
        byte[] mask = new byte[config.height() * config.width()];
        int count = 0;
        int idle = 0;
        while (count != config.numMaskingPatches()) {
            int budget = Math.min(config.numMaskingPatches() - count, config.maxNumPatches());
            int delta = block(mask, budget, random);
            count += delta;
            idle = delta > 0 ? 0 : idle + 1;
            if (idle > MAX_IDLE_ROUNDS) {
                throw new DataException(sample.describe() + ": BEiTMaskGenerator found no block to mask after "
                        + MAX_IDLE_ROUNDS + " rounds (" + count + " of " + config.numMaskingPatches()
                        + " masked); lower num_masking_patches or min_num_patches");
            }
        }
        return new Mask(config.height(), config.width(), mask);
    }

    /** mmpretrain's {@code _mask}: up to ten tries at one block; returns the patches it newly masked. */
    private int block(byte[] mask, int budget, RandomGenerator random) {
        int height = config.height();
        int width = config.width();
        int delta = 0;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = Params.uniform(random, config.minNumPatches(), budget);
            double aspect = Math.exp(Params.uniform(random, logAspectLo, logAspectHi));
            int h = (int) Math.rint(Math.sqrt(target * aspect));
            int w = (int) Math.rint(Math.sqrt(target / aspect));
            if (w < width && h < height) {
                int top = random.nextInt(height - h);
                int left = random.nextInt(width - w);
                int masked = 0;
                for (int i = top; i < top + h; i++) {
                    for (int j = left; j < left + w; j++) {
                        masked += mask[i * width + j];
                    }
                }
                int fresh = h * w - masked;
                if (fresh > 0 && fresh <= budget) {
                    for (int i = top; i < top + h; i++) {
                        for (int j = left; j < left + w; j++) {
                            if (mask[i * width + j] == 0) {
                                mask[i * width + j] = 1;
                                delta++;
                            }
                        }
                    }
                }
                if (delta > 0) {
                    break;
                }
            }
        }
        return delta;
    }
}
