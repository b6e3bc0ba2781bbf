package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

/**
 * Typed config of {@link L1Loss}.
 *
 * @param reduction how the loss is reduced
 * @param lossWeight factor applied to the reduced loss
 */
public record L1LossConfig(Reduction reduction, double lossWeight) {
    /**
     * Checks the config.
     *
     * @param reduction the reduction
     * @param lossWeight the loss factor
     */
    public L1LossConfig {
        requireNonNull(reduction, "reduction is null");
    }

    /**
     * The defaults: mean reduction, weight 1.
     *
     * @return the default config
     */
    public static L1LossConfig defaults() {
        return new L1LossConfig(Reduction.MEAN, 1.0);
    }
}
