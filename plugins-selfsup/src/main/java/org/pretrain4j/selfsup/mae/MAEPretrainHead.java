package org.pretrain4j.selfsup.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.MaskedLoss;
import org.pretrain4j.selfsup.mim.MaskedReconstructionHead;

/**
 * mmpretrain's {@code MAEPretrainHead}: the target is the image batch cut into patches ({@link #patchify}, pixel
 * order {@code (p, q, c)} within a patch) and, with {@code norm_pix}, each patch normalised by its own mean and
 * unbiased variance, {@code (t - mean) / sqrt(var + 1e-6)}; the loss (mmpretrain's configs: L2
 * {@code PixelReconstructionLoss}) is averaged over the masked patches. See {@link MaskedReconstructionHead} for its
 * forward pass, whose target source is the image batch {@code (B, C, H, W)}.
 */
public final class MAEPretrainHead extends MaskedReconstructionHead {
    private static final float NORM_PIX_EPS = 1e-6f;

    private final boolean normPix;
    private final int patchSize;
    private final int inChannels;

    /**
     * Creates the head.
     *
     * @param loss the loss, restricted to masked patches
     * @param normPix whether to normalise each target patch
     * @param patchSize the patch side
     * @param inChannels the image channels
     */
    public MAEPretrainHead(MaskedLoss loss, boolean normPix, int patchSize, int inChannels) {
        super(loss, MAEPretrainHeadFactory.NAME);
        this.normPix = normPix;
        this.patchSize = patchSize;
        this.inChannels = inChannels;
    }

    /**
     * The patch side.
     *
     * @return {@code patch_size}
     */
    public int patchSize() {
        return patchSize;
    }

    /**
     * The image channels.
     *
     * @return {@code in_channels}
     */
    public int inChannels() {
        return inChannels;
    }

    /**
     * mmpretrain's {@code patchify}: {@code (B, C, H, W)} to {@code (B, h * w, p * p * C)}, patches row by row, the
     * values of a patch in {@code (row, column, channel)} order (einsum {@code nchpwq->nhwpqc}).
     *
     * @param images the image batch, sides multiples of the patch size
     * @return the patches
     * @throws Pretrain4jException if the images do not fit
     */
    public NDArray patchify(NDArray images) {
        Shape shape = images.getShape();
        Shape patches = targetShape(shape);
        long p = patchSize;
        return images.reshape(shape.get(0), inChannels, shape.get(2) / p, p, shape.get(3) / p, p)
                .transpose(0, 2, 4, 3, 5, 1)
                .reshape(patches);
    }

    /**
     * The patches, normalised with {@code norm_pix}.
     *
     * @param images the image batch {@code (B, C, H, W)}
     * @return the target {@code (B, L, p * p * C)}
     */
    @Override
    protected NDArray constructTarget(NDArray images) {
        NDArray target = patchify(images);
        if (!normPix) {
            return target;
        }
        int[] last = {-1};
        NDArray centred = target.sub(target.mean(last, true));
        long values = target.getShape().get(2);
        NDArray variance = centred.square().sum(last, true).div(values - 1);
        return centred.div(variance.add(NORM_PIX_EPS).sqrt());
    }

    /**
     * The target's shape.
     *
     * @param images {@code (B, C, H, W)}
     * @return {@code (B, (H / p) * (W / p), p * p * C)}
     * @throws Pretrain4jException if the images have other channels or sides that are not multiples of the patch
     */
    @Override
    protected Shape targetShape(Shape images) {
        if (images.dimension() != 4 || images.get(1) != inChannels || images.get(2) % patchSize != 0
                || images.get(3) % patchSize != 0) {
            throw new Pretrain4jException(MAEPretrainHeadFactory.NAME + " cuts images (B, " + inChannels + ", H, W) "
                    + "with sides divisible by patch_size = " + patchSize + " into patches, got " + images
                    + "; set in_channels and patch_size as the backbone's");
        }
        long p = patchSize;
        return new Shape(images.get(0), (images.get(2) / p) * (images.get(3) / p), p * p * inChannels);
    }
}
