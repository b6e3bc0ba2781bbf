package org.pretrain4j.backbones.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * mmcv's {@code PatchEmbed} with its ViT settings: a {@code Conv2d} {@code projection} with kernel and stride equal
 * to the patch size turns {@code (B, C_in, H, W)} images into {@code (B, h * w, C)} tokens, row by row. As mmcv's
 * default {@code padding = 'corner'}, an image whose sides are not multiples of the patch size is zero-padded at the
 * bottom and right first, so the grid is {@code ceil(H / p) x ceil(W / p)}. No norm layer.
 *
 * <p>The tokens are a transposed view of the convolution's output; the caller's next op (concatenating the class
 * token or adding the position embedding) makes them contiguous, so no copy is made here. Parameters:
 * {@code projection.weight}, {@code projection.bias}, with PyTorch's default initialisation.
 */
public final class PatchEmbed extends AbstractBlock {
    private final int embedDims;
    private final int patchSize;
    private final Conv2d projection;

    /**
     * Creates the block.
     *
     * @param inChannels the image channels
     * @param embedDims the token size
     * @param patchSize the patch side, kernel and stride of the projection
     * @param bias whether the projection has a bias (mmpretrain drops it with {@code pre_norm})
     * @throws IllegalArgumentException if a size is not positive
     */
    public PatchEmbed(int inChannels, int embedDims, int patchSize, boolean bias) {
        super((byte) 1);
        if (inChannels <= 0 || embedDims <= 0 || patchSize <= 0) {
            throw new IllegalArgumentException("in_channels, embed_dims and patch_size must be positive, got "
                    + inChannels + ", " + embedDims + ", " + patchSize);
        }
        this.embedDims = embedDims;
        this.patchSize = patchSize;
        Shape patch = new Shape(patchSize, patchSize);
        projection = addChildBlock("projection", TorchInit.defaults(Conv2d.builder()
                .setFilters(embedDims)
                .setKernelShape(patch)
                .optStride(patch)
                .optBias(bias)
                .build(), (long) inChannels * patchSize * patchSize));
    }

    /**
     * The patch grid an image size gives.
     *
     * @param height the image height
     * @param width the image width
     * @return {@code {ceil(height / p), ceil(width / p)}}
     */
    public long[] gridSize(long height, long width) {
        return new long[] {ceilDiv(height), ceilDiv(width)};
    }

    private long ceilDiv(long size) {
        return (size + patchSize - 1) / patchSize;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = padded(inputs.singletonOrThrow());
        NDArray maps = projection.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        Shape s = maps.getShape();
        return new NDList(maps.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1));
    }

    /** mmcv's {@code AdaptivePadding(padding='corner')}: zeros after the last row and column. */
    private NDArray padded(NDArray x) {
        Shape s = x.getShape();
        long padH = ceilDiv(s.get(2)) * patchSize - s.get(2);
        long padW = ceilDiv(s.get(3)) * patchSize - s.get(3);
        // PyTorch's pad order: last axis first, (before, after) per axis.
        return padH == 0 && padW == 0 ? x : x.pad(new Shape(0, padW, 0, padH), 0);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long[] grid = gridSize(in.get(2), in.get(3));
        return new Shape[] {new Shape(in.get(0), grid[0] * grid[1], embedDims)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        projection.initialize(manager, dataType, paddedShape(inputShapes[0]));
    }

    private Shape paddedShape(Shape in) {
        long[] grid = gridSize(in.get(2), in.get(3));
        return new Shape(in.get(0), in.get(1), grid[0] * patchSize, grid[1] * patchSize);
    }

    @Override
    public String toString() {
        return "PatchEmbed(patch_size=" + patchSize + ")";
    }
}
