package org.pretrain4j.core.augment;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.random.RandomGenerator;
import org.pretrain4j.api.data.BatchAugment;

/**
 * mmpretrain's {@code Mixup}: per batch, draws {@code lam ~ Beta(alpha, alpha)} and a random permutation, and returns
 * {@code lam * x + (1 - lam) * x[perm]} for the images and the same blend of the one-hot targets. Draw order: lam,
 * then the permutation. The results are new arrays in the inputs' manager; the inputs are left unchanged.
 */
public final class Mixup implements BatchAugment {
    private final MixupConfig config;

    /**
     * Creates the augment.
     *
     * @param config the Beta shape
     */
    public Mixup(MixupConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    public NDList apply(NDArray inputs, NDArray targets, RandomGenerator random) {
        BatchMixing.checkShapes("Mixup", inputs, targets);
        requireNonNull(random, "random is null");
        double lam = Sampling.beta(random, config.alpha(), config.alpha());
        long[] perm = Sampling.permutation(random, Math.toIntExact(inputs.getShape().get(0)));
        return BatchMixing.inScratch(inputs, targets, scratch -> {
            NDArray index = scratch.create(perm);
            NDArray mixed = inputs.mul((float) lam).add(BatchMixing.permuteRows(inputs, index).mul((float) (1 - lam)));
            return new NDList(mixed, BatchMixing.mixTargets(targets, index, lam));
        });
    }
}
