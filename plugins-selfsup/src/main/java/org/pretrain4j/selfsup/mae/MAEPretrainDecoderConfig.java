package org.pretrain4j.selfsup.mae;

/**
 * Typed config of {@link MAEPretrainDecoder}, with mmpretrain's keys.
 *
 * @param numPatches patch tokens per image, a square number (the decoder's position embedding is a square grid)
 * @param patchSize the patch side in pixels
 * @param inChans the image channels
 * @param embedDim the encoder's token size
 * @param decoderEmbedDim the decoder's token size, a multiple of 4 and of {@code decoderNumHeads}
 * @param decoderDepth the number of decoder layers
 * @param decoderNumHeads attention heads per decoder layer
 * @param mlpRatio FFN hidden size over {@code decoderEmbedDim}
 * @param predictFeatureDim the prediction size per patch, or null for {@code patchSize^2 * inChans} (pixels)
 */
public record MAEPretrainDecoderConfig(int numPatches, int patchSize, int inChans, int embedDim, int decoderEmbedDim,
        int decoderDepth, int decoderNumHeads, double mlpRatio, Integer predictFeatureDim) {
    /**
     * Checks the sizes.
     *
     * @param numPatches the patches
     * @param patchSize the patch side
     * @param inChans the channels
     * @param embedDim the encoder width
     * @param decoderEmbedDim the decoder width
     * @param decoderDepth the decoder layers
     * @param decoderNumHeads the heads
     * @param mlpRatio the FFN ratio
     * @param predictFeatureDim the prediction size or null
     * @throws IllegalArgumentException if a size is not positive or the sizes do not fit together
     */
    public MAEPretrainDecoderConfig {
        if (numPatches < 1 || patchSize < 1 || inChans < 1 || embedDim < 1 || decoderEmbedDim < 1
                || decoderDepth < 1 || decoderNumHeads < 1 || !(mlpRatio > 0)
                || predictFeatureDim != null && predictFeatureDim < 1) {
            throw new IllegalArgumentException("MAEPretrainDecoder sizes must be positive");
        }
        if (gridSide(numPatches) < 0) {
            throw new IllegalArgumentException("num_patches must be a square number, got " + numPatches);
        }
        if (decoderEmbedDim % 4 != 0 || decoderEmbedDim % decoderNumHeads != 0) {
            throw new IllegalArgumentException("decoder_embed_dim must be a multiple of 4 and of decoder_num_heads, "
                    + "got " + decoderEmbedDim + " and " + decoderNumHeads);
        }
    }

    /**
     * The side of the square patch grid.
     *
     * @param numPatches the patches
     * @return the integer square root, or -1 if there is none
     */
    static int gridSide(int numPatches) {
        int side = (int) Math.round(Math.sqrt(numPatches));
        return side * side == numPatches ? side : -1;
    }

    /**
     * The decoder's FFN hidden size, mmpretrain's {@code int(mlp_ratio * decoder_embed_dim)}.
     *
     * @return the hidden size
     */
    public int feedforwardChannels() {
        return (int) (mlpRatio * decoderEmbedDim);
    }

    /**
     * The prediction size per patch.
     *
     * @return {@code predictFeatureDim}, or {@code patchSize^2 * inChans}
     */
    public int predictionDim() {
        return predictFeatureDim != null ? predictFeatureDim : patchSize * patchSize * inChans;
    }
}
