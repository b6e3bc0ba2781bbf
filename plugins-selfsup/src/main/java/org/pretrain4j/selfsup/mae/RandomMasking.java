package org.pretrain4j.selfsup.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.pretrain4j.api.Pretrain4jException;

/**
 * mmpretrain's {@code MAEViT.random_masking}: per-sample noise is sorted ascending, the tokens with the
 * {@code int(L * (1 - mask_ratio))} smallest values are kept (in that order) and the rest dropped. The noise is an
 * argument, so that the caller decides where randomness comes from and tests can give fixed values.
 */
final class RandomMasking {
    private RandomMasking() {}

    /**
     * The tokens the encoder sees, with what the decoder needs to put them back.
     *
     * @param kept the kept tokens {@code (N, keep, D)}, in increasing order of their noise
     * @param mask float32 {@code (N, L)} in the original token order: 0 for a kept token, 1 for a removed one
     * @param idsRestore int64 {@code (N, L)}: the position of each original token in the shuffled order, so that
     *     gathering {@code [kept, mask tokens]} with it restores the original order
     */
    record Result(NDArray kept, NDArray mask, NDArray idsRestore) {}

    /**
     * How many of {@code length} tokens survive, Python's {@code int(L * (1 - mask_ratio))}.
     *
     * @param length the number of patch tokens
     * @param maskRatio the share removed
     * @return the number kept
     */
    static int keptCount(long length, double maskRatio) {
        return (int) (length * (1 - maskRatio));
    }

    /**
     * Masks a token batch.
     *
     * @param tokens {@code (N, L, D)}
     * @param noise {@code (N, L)} scores, e.g. uniform in {@code [0, 1)}; the smallest are kept
     * @param maskRatio the share of tokens removed
     * @return the kept tokens, the mask and the restoring indices, in the tokens' manager
     * @throws Pretrain4jException if the shapes disagree
     */
    static Result apply(NDArray tokens, NDArray noise, double maskRatio) {
        Shape shape = tokens.getShape();
        if (shape.dimension() != 3 || !noise.getShape().equals(new Shape(shape.get(0), shape.get(1)))) {
            throw new Pretrain4jException("random masking takes tokens (N, L, D) and noise (N, L), got " + shape
                    + " and " + noise.getShape());
        }
        int keep = keptCount(shape.get(1), maskRatio);
        NDArray idsShuffle = noise.argSort(1);
        NDArray idsRestore = idsShuffle.argSort(1);
        NDArray idsKeep = idsShuffle.get(":, :{}", keep);
        NDArray kept = tokens.gather(idsKeep.expandDims(2).repeat(2, shape.get(2)), 1);
        // mmpretrain gathers [0] * keep + [1] * (L - keep) with ids_restore: 1 exactly where the rank is >= keep.
        NDArray mask = idsRestore.gte(keep).toType(DataType.FLOAT32, false);
        return new Result(kept, mask, idsRestore);
    }
}
