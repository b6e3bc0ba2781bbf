package org.pretrain4j.api.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.random.RandomGenerator;

/**
 * A batch-level augmentation such as {@code Mixup} or {@code CutMix}, configured under {@code model.train_cfg.augments}
 * and applied to normalised training batches only.
 */
public interface BatchAugment {
    /**
     * Mixes a batch.
     *
     * @param inputs normalised images {@code (N, C, H, W)}
     * @param targets dense targets {@code (N, classes)}, one-hot or already mixed
     * @param random the batch's random source (seeded per iteration)
     * @return {@code (mixed inputs, mixed targets)}
     */
    NDList apply(NDArray inputs, NDArray targets, RandomGenerator random);
}
