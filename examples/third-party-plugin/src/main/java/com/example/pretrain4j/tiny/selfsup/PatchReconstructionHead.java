package com.example.pretrain4j.tiny.selfsup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pretrain4j.api.Pretrain4jException;

/**
 * A pixel-reconstruction head in the shape of mmpretrain's {@code MAEPretrainHead}, built on a plain block rather
 * than on a classification head: it has no parameters, and its forward pass is the loss. It cuts the images into
 * {@code p x p} patches ({@link #patchify}), optionally normalises every patch by its own mean and variance
 * ({@code norm_pix}, which makes the target independent of local contrast) and returns the mean squared error over
 * the removed patches only, as MAE learns nothing from reproducing what the encoder saw.
 *
 * <p>Its forward pass takes {@code (prediction (N, L, p·p·C), images (N, C, H, W), mask (N, L))} and returns a scalar.
 */
public final class PatchReconstructionHead extends AbstractBlock {
    /** Keeps the per-patch normalisation defined for flat patches, as mmpretrain's {@code 1e-6}. */
    private static final float NORM_EPS = 1e-6f;

    private final int patchSize;
    private final boolean normPix;

    /**
     * Creates the head.
     *
     * @param patchSize the side {@code p} of a square patch
     * @param normPix whether targets are normalised per patch
     */
    public PatchReconstructionHead(int patchSize, boolean normPix) {
        super((byte) 1);
        if (patchSize < 1) {
            throw new IllegalArgumentException("patch size must be positive, got " + patchSize);
        }
        this.patchSize = patchSize;
        this.normPix = normPix;
    }

    // tag::patchify[]
    /**
     * Cuts images into non-overlapping patches, each flattened in the order (row in patch, column in patch,
     * channel), as mmpretrain's {@code einsum('nchpwq->nhwpqc')}.
     *
     * @param images {@code (N, C, H, W)} with {@code H} and {@code W} multiples of the patch size
     * @return {@code (N, H/p · W/p, p·p·C)}
     */
    public NDArray patchify(NDArray images) {
        Shape s = images.getShape();
        int p = patchSize;
        if (s.dimension() != 4 || s.get(2) % p != 0 || s.get(3) % p != 0) {
            throw new Pretrain4jException("patchify needs images (N, C, H, W) with H and W multiples of " + p
                    + ", got " + s);
        }
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2) / p;
        long w = s.get(3) / p;
        return images.reshape(n, c, h, p, w, p)
                .transpose(0, 2, 4, 3, 5, 1)
                .reshape(n, h * w, (long) p * p * c);
    }

    /**
     * The regression target: the patches, normalised per patch when {@code norm_pix} is set.
     *
     * @param images {@code (N, C, H, W)}
     * @return {@code (N, L, p·p·C)}
     */
    public NDArray constructTarget(NDArray images) {
        NDArray target = patchify(images);
        if (!normPix) {
            return target;
        }
        long d = target.getShape().getLastDimension();
        NDArray mean = target.mean(new int[] {-1}, true);
        NDArray centred = target.sub(mean);
        // Unbiased variance (divide by d - 1), as torch.var's default.
        NDArray var = centred.square().sum(new int[] {-1}, true).div(d - 1);
        return centred.div(var.add(NORM_EPS).sqrt());
    }

    /**
     * Mean squared error per patch, averaged over the removed patches.
     *
     * @param prediction the decoder's output {@code (N, L, p·p·C)}
     * @param images the original images {@code (N, C, H, W)}
     * @param mask {@code (N, L)}, 1 for removed patches
     * @return a scalar
     */
    public NDArray loss(NDArray prediction, NDArray images, NDArray mask) {
        NDArray perPatch = prediction.sub(constructTarget(images)).square().mean(new int[] {-1});
        return perPatch.mul(mask).sum().div(mask.sum());
    }
    // end::patchify[]

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(loss(inputs.get(0), inputs.get(1), inputs.get(2)));
    }

    /**
     * A scalar.
     *
     * @param inputShapes {@code (prediction, images, mask)}
     * @return {@code [()]}
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape()};
    }
}
