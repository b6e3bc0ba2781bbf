package org.pretrain4j.losses;

/**
 * Typed config of {@link CosineSimilarityLoss}, mirroring mmpretrain's constructor arguments.
 *
 * @param shiftFactor the constant the scaled similarity is subtracted from
 * @param scaleFactor the factor of the cosine similarity
 */
public record CosineSimilarityLossConfig(double shiftFactor, double scaleFactor) {
    /**
     * mmpretrain's defaults: shift 0, scale 1, i.e. the negative cosine similarity (BYOL, SimSiam).
     *
     * @return the default config
     */
    public static CosineSimilarityLossConfig defaults() {
        return new CosineSimilarityLossConfig(0.0, 1.0);
    }
}
