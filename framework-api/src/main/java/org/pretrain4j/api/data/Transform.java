package org.pretrain4j.api.data;

import java.util.random.RandomGenerator;

/**
 * A per-sample transform such as {@code RandomCrop} or {@code RandomFlip}. It runs in loader threads, so it must be
 * stateless; all randomness comes from the generator the loader passes, which is seeded per sample and epoch so
 * that runs repeat exactly whatever the thread scheduling.
 */
public interface Transform {
    /**
     * Transforms one sample.
     *
     * @param sample the input; not modified
     * @param random this sample's random source
     * @return the transformed sample
     * @throws org.pretrain4j.api.Pretrain4jException naming {@link Sample#describe()} when the sample cannot be
     *     transformed (e.g. it is smaller than a crop without padding)
     */
    Sample apply(Sample sample, RandomGenerator random);
}
