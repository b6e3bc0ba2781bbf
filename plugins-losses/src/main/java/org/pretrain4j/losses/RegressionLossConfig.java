package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

/**
 * Typed config of the element-wise regression losses {@link L1Loss} and {@link MSELoss}: their only keys are the
 * shared {@code reduction} and {@code loss_weight}.
 *
 * @param reduction how the loss is reduced
 * @param lossWeight factor applied to the reduced loss
 */
public record RegressionLossConfig(Reduction reduction, double lossWeight) {
    /**
     * Checks the config.
     *
     * @param reduction the reduction
     * @param lossWeight the loss factor
     */
    public RegressionLossConfig {
        requireNonNull(reduction, "reduction is null");
    }

    /**
     * The defaults: mean reduction, weight 1.
     *
     * @return the default config
     */
    public static RegressionLossConfig defaults() {
        return new RegressionLossConfig(Reduction.MEAN, 1.0);
    }
}
