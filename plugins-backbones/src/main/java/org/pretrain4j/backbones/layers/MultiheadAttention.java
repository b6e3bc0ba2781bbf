package org.pretrain4j.backbones.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head self-attention over {@code (B, N, C)} tokens, as mmpretrain's {@code MultiheadAttention}: one fused
 * {@code qkv} projection {@code C -> 3C} (output laid out as {@code (3, heads, head_dim)}, the layout of PyTorch's
 * {@code in_proj_weight}), softmax attention with scale {@code head_dim^-0.5}, the output projection {@code proj},
 * dropout on it, then optional LayerScale ({@code gamma1}) and stochastic depth ({@code out_drop}).
 *
 * <p>DJL 0.36's PyTorch engine exposes no fused {@code scaled_dot_product_attention}, so attention is two batched
 * matrix products around a softmax. The scale is applied to the queries ({@code N x head_dim} values) rather than
 * to the scores ({@code N x N}), which is cheaper for every ViT ({@code N > head_dim}) and leaves the queries
 * contiguous for the product. Parameters: {@code qkv.weight}, {@code qkv.bias} (with {@code qkv_bias}),
 * {@code proj.weight}, {@code proj.bias}, {@code gamma1.weight}; all Linear layers start with PyTorch's default
 * initialisation, as in mmpretrain.
 */
public final class MultiheadAttention extends AbstractBlock {
    private final int embedDims;
    private final int numHeads;
    private final int headDims;
    private final float scale;
    private final float projDrop;
    private final Linear qkv;
    private final Linear proj;
    /** {@code gamma1} and {@code out_drop} where configured: shape-preserving steps after the projection. */
    private final Steps tail = new Steps(false);

    /**
     * Creates the block.
     *
     * @param embedDims the token size {@code C}, a multiple of {@code numHeads}
     * @param numHeads the number of heads
     * @param qkvBias whether the {@code qkv} projection has a bias
     * @param projDrop the dropout rate after the output projection
     * @param dropPathRate the stochastic-depth rate of the whole branch
     * @param layerScaleInitValue the LayerScale start value; 0 for no LayerScale
     * @throws IllegalArgumentException if the sizes do not fit or a rate is out of range
     */
    public MultiheadAttention(
            int embedDims, int numHeads, boolean qkvBias, float projDrop, float dropPathRate,
            float layerScaleInitValue) {
        super((byte) 1);
        if (embedDims <= 0 || numHeads <= 0 || embedDims % numHeads != 0) {
            throw new IllegalArgumentException("embed_dims (" + embedDims + ") must be a positive multiple of "
                    + "num_heads (" + numHeads + ")");
        }
        this.embedDims = embedDims;
        this.numHeads = numHeads;
        this.headDims = embedDims / numHeads;
        this.scale = (float) (1 / Math.sqrt(headDims));
        this.projDrop = DropPath.checkRate("projDrop", projDrop);
        qkv = addChildBlock("qkv", TorchInit.defaults(
                Linear.builder().setUnits(3L * embedDims).optBias(qkvBias).build(), embedDims));
        proj = addChildBlock("proj", TorchInit.defaults(Linear.builder().setUnits(embedDims).build(), embedDims));
        if (layerScaleInitValue > 0) {
            tail.add(addChildBlock("gamma1", new LayerScale(embedDims, layerScaleInitValue)), Act.NONE);
        }
        if (dropPathRate > 0) {
            tail.add(addChildBlock("out_drop", new DropPath(dropPathRate)), Act.NONE);
        }
    }

    /**
     * The number of heads.
     *
     * @return the heads
     */
    public int numHeads() {
        return numHeads;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        Shape shape = inputs.singletonOrThrow().getShape();
        long batch = shape.get(0);
        long tokens = shape.get(1);
        // (B, N, 3C) -> (3, B, heads, N, head_dim) as one view; q, k and v are (1, B, heads, N, head_dim) views of it.
        NDList qkvParts = qkv.forward(parameterStore, inputs, training).singletonOrThrow()
                .reshape(batch, tokens, 3, numHeads, headDims)
                .transpose(2, 0, 3, 1, 4)
                .split(3, 0);
        NDArray scores = qkvParts.get(0).mul(scale).matMul(qkvParts.get(1).transpose(0, 1, 2, 4, 3));
        NDArray x = scores.softmax(-1).matMul(qkvParts.get(2))
                .transpose(1, 3, 0, 2, 4)
                .reshape(batch, tokens, embedDims);
        x = proj.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        if (training && projDrop > 0f) {
            x = Dropout.dropout(x, projDrop, true).singletonOrThrow();
        }
        return new NDList(tail.forward(parameterStore, x, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        qkv.initialize(manager, dataType, tokens);
        proj.initialize(manager, dataType, tokens);
        tail.initialize(manager, dataType, tokens);
    }

    @Override
    public String toString() {
        return "MultiheadAttention(embed_dims=" + embedDims + ", num_heads=" + numHeads + ")";
    }
}
