package org.pretrain4j.losses;

import ai.djl.ndarray.NDArray;
import org.pretrain4j.api.model.Scalars;

/**
 * mmpretrain's {@code CosineSimilarityLoss} (BYOL, SimSiam, MILAN): per position
 * {@code shift_factor - scale_factor · <p / ‖p‖, t / ‖t‖>} over the last axis (norms clamped to at least 1e-12, as
 * {@code F.normalize} does), then the mean, or {@code Σ(loss · mask) / Σ mask} with a mask (see
 * {@link #maskedLoss}). The target is used as given; heads detach it where the method asks for that.
 */
public class CosineSimilarityLoss extends MaskedAverageLoss<CosineSimilarityLossConfig> {
    /** {@code F.normalize}'s default floor of the norm. */
    private static final double NORM_EPS = 1e-12;

    /**
     * Creates the loss.
     *
     * @param config the typed config
     */
    public CosineSimilarityLoss(CosineSimilarityLossConfig config) {
        super(config, CosineSimilarityLossFactory.NAME);
    }

    /**
     * {@code shift - scale · cos(p, t)} over the last axis.
     *
     * @param prediction the predicted features {@code (..., D)}
     * @param target the target features, same shape
     * @return the per-position loss {@code (...)}; a mask must broadcast to it
     */
    @Override
    protected NDArray perPosition(NDArray prediction, NDArray target) {
        NDArray similarity = prediction.normalize(2, -1, NORM_EPS)
                .mul(target.toType(prediction.getDataType(), false).normalize(2, -1, NORM_EPS))
                .sum(new int[] {-1});
        return similarity.mul(Scalars.of(similarity, -config().scaleFactor()))
                .add((float) config().shiftFactor());
    }
}
