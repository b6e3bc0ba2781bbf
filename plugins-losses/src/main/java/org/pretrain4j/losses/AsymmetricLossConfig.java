package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

/**
 * Typed config of {@link AsymmetricLoss}, mirroring mmpretrain's constructor arguments.
 *
 * @param gammaPos focusing exponent of positive targets, at least 0
 * @param gammaNeg focusing exponent of negative targets, at least 0
 * @param clip probability margin shifted off negatives, in {@code [0, 1]}; 0 disables it (mmpretrain's
 *     {@code clip=None} or {@code 0})
 * @param reduction how the loss is reduced
 * @param lossWeight factor applied to the reduced loss
 * @param useSigmoid per-class sigmoid probabilities; false uses a softmax over the classes
 * @param eps smallest argument of the logarithm, positive
 */
public record AsymmetricLossConfig(
        double gammaPos,
        double gammaNeg,
        double clip,
        Reduction reduction,
        double lossWeight,
        boolean useSigmoid,
        double eps) {
    /**
     * Checks the config.
     *
     * @param gammaPos positive focusing exponent
     * @param gammaNeg negative focusing exponent
     * @param clip the margin, 0 for none
     * @param reduction the reduction
     * @param lossWeight the loss factor
     * @param useSigmoid sigmoid or softmax probabilities
     * @param eps the logarithm's floor
     * @throws IllegalArgumentException for a negative exponent, a clip outside {@code [0, 1]} or a non-positive eps
     */
    public AsymmetricLossConfig {
        requireNonNull(reduction, "reduction is null");
        CommonParams.requireNonNegative("gamma_pos", gammaPos);
        CommonParams.requireNonNegative("gamma_neg", gammaNeg);
        if (!(clip >= 0 && clip <= 1)) {
            throw new IllegalArgumentException("clip must lie in [0, 1], got " + clip);
        }
        CommonParams.requirePositive("eps", eps);
    }

    /**
     * mmpretrain's class defaults: {@code γ+ = 0}, {@code γ- = 4}, clip 0.05, sigmoid, eps 1e-8 (its functional
     * {@code asymmetric_loss} defaults {@code γ+} to 1 instead).
     *
     * @return the default config
     */
    public static AsymmetricLossConfig defaults() {
        return new AsymmetricLossConfig(0.0, 4.0, 0.05, Reduction.MEAN, 1.0, true, 1e-8);
    }
}
