package org.pretrain4j.data.transforms;

import java.util.List;
import java.util.random.RandomGenerator;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;

/**
 * mmcv's {@code RandomApply}: with probability {@code prob} (one uniform draw, {@code u < prob}) runs the wrapped
 * transforms in order, otherwise passes the sample through. The wrapped transforms draw from the same generator
 * after that draw, as they do from numpy's global one in mmcv.
 */
public final class RandomApply implements Transform {
    private final List<Transform> transforms;
    private final double prob;

    /**
     * Creates the transform.
     *
     * @param transforms the transforms to apply together
     * @param prob the probability of applying them, in [0, 1]
     */
    public RandomApply(List<Transform> transforms, double prob) {
        this.transforms = List.copyOf(transforms);
        this.prob = prob;
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        if (!(random.nextDouble() < prob)) {
            return sample;
        }
        Sample s = sample;
        for (Transform t : transforms) {
            s = t.apply(s, random);
        }
        return s;
    }
}
