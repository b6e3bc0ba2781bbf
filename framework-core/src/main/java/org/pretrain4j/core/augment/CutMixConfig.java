package org.pretrain4j.core.augment;

import java.util.List;

/**
 * Typed config of {@link CutMix}.
 *
 * @param alpha both shapes of the Beta distribution the mixing ratio is drawn from; positive
 * @param cutmixMinmax {@code [min, max]} box side as a fraction of the image side, sampled uniformly instead of
 *     from {@code alpha}; or null
 * @param correctLam whether to recompute the ratio from the clipped box's area
 */
public record CutMixConfig(double alpha, List<Double> cutmixMinmax, boolean correctLam) {
    /**
     * Checks the config.
     *
     * @param alpha the Beta shape
     * @param cutmixMinmax the box-side range or null
     * @param correctLam whether to correct the ratio
     */
    public CutMixConfig {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a positive number, got " + alpha);
        }
        if (cutmixMinmax != null) {
            cutmixMinmax = List.copyOf(cutmixMinmax);
            String problem = checkMinmax(cutmixMinmax);
            if (problem != null) {
                throw new IllegalArgumentException("cutmix_minmax " + problem);
            }
        }
    }

    /**
     * The defaults for an alpha: no min/max box, lam corrected.
     *
     * @param alpha the Beta shape
     * @return the config
     */
    public static CutMixConfig of(double alpha) {
        return new CutMixConfig(alpha, null, true);
    }

    /** Returns what is wrong with a min/max pair, or null. */
    static String checkMinmax(List<Double> minmax) {
        if (minmax.size() != 2) {
            return "must be [min, max], got " + minmax;
        }
        double min = minmax.get(0);
        double max = minmax.get(1);
        if (!(min >= 0 && min < max && max <= 1)) {
            return "must satisfy 0 <= min < max <= 1, got " + minmax;
        }
        return null;
    }
}
