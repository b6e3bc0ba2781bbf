package com.example.pretrain4j.tiny.selfsup;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.pretrain4j.api.Pretrain4jException;

/**
 * Per-sample random masking of a token sequence, the {@code random_masking} step of mmpretrain's {@code MAEViT}:
 * each sample draws uniform noise per token, the tokens with the smallest noise are kept, and the rest are dropped
 * before the encoder sees them. Sorting noise gives every sample its own random subset of the same size, so the kept
 * tokens still stack into one tensor.
 */
public final class RandomMasking {
    private RandomMasking() {}

    /**
     * The result of {@link #apply}.
     *
     * @param kept the kept tokens {@code (N, L_keep, D)}, in the order of increasing noise
     * @param mask {@code (N, L)} float, 0 for a kept token and 1 for a removed one, in the original token order
     * @param idsRestore {@code (N, L)} int64: where each original token went in the shuffled order; gathering the
     *     decoder's {@code [kept, mask tokens]} sequence with it restores the original order
     */
    public record Masked(NDArray kept, NDArray mask, NDArray idsRestore) {}

    // tag::random-masking[]
    /**
     * Keeps {@code int(L · (1 - maskRatio))} random tokens of every sample.
     *
     * @param tokens {@code (N, L, D)}
     * @param maskRatio the share of tokens to remove, in {@code [0, 1)}
     * @return the kept tokens, the mask and the restoring indices
     */
    public static Masked apply(NDArray tokens, double maskRatio) {
        Shape shape = requireNonNull(tokens, "tokens is null").getShape();
        if (shape.dimension() != 3 || !(maskRatio >= 0 && maskRatio < 1)) {
            throw new Pretrain4jException("random masking needs tokens (N, L, D) and a mask ratio in [0, 1), got "
                    + shape + " and " + maskRatio);
        }
        long n = shape.get(0);
        long length = shape.get(1);
        long dim = shape.get(2);
        int keep = (int) (length * (1 - maskRatio));

        NDArray noise = tokens.getManager().randomUniform(0f, 1f, new Shape(n, length));
        // Ascending noise: the first `keep` positions of the shuffle are the kept tokens.
        NDArray idsShuffle = noise.argSort(1);
        NDArray idsRestore = idsShuffle.argSort(1);
        NDArray idsKeep = idsShuffle.get(":, :{}", keep);
        NDArray gatherIndex = idsKeep.expandDims(2).repeat(2, dim);
        NDArray kept = tokens.gather(gatherIndex, 1);
        // A token is kept exactly when its place in the shuffle is below `keep`.
        NDArray mask = idsRestore.gte(keep).toType(DataType.FLOAT32, false);
        return new Masked(kept, mask, idsRestore);
    }
    // end::random-masking[]
}
