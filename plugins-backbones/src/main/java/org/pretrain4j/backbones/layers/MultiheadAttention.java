package org.pretrain4j.backbones.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.pretrain4j.api.model.Scalars;

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
 *
 * <p>The same block is mmpretrain's {@code BEiTAttention} when built with {@link #MultiheadAttention(int, int, QkvBias,
 * float, long[])}: there the {@code qkv} projection may have learned query and value biases only ({@code q_bias},
 * {@code v_bias}, the key bias fixed at zero), the layer's own relative position bias
 * ({@code relative_position_bias_table}, see {@link RelativePositionBias}) may be added to the scores, and so may a
 * bias given as a second input {@code (heads, N, N)} (the relative position bias a BEiT backbone shares between its
 * layers); LayerScale and stochastic depth are then left to the layer.
 */
public final class MultiheadAttention extends AbstractBlock {
    private final int embedDims;
    private final int numHeads;
    private final int headDims;
    private final float scale;
    private final float projDrop;
    private final Linear qkv;
    private final Linear proj;
    private final Parameter qBias;
    private final Parameter vBias;
    private final Parameter relPosTable;
    private final long[] relPosIndex;
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
        this(embedDims, numHeads, qkvBias ? QkvBias.QKV : QkvBias.NONE, projDrop, null);
        if (layerScaleInitValue > 0) {
            tail.add(addChildBlock("gamma1", new LayerScale(embedDims, layerScaleInitValue)), Act.NONE);
        }
        if (dropPathRate > 0) {
            tail.add(addChildBlock("out_drop", new DropPath(dropPathRate)), Act.NONE);
        }
    }

    /**
     * Creates mmpretrain's {@code BEiTAttention}: no LayerScale or stochastic depth of its own.
     *
     * @param embedDims the token size {@code C}, a multiple of {@code numHeads}
     * @param numHeads the number of heads
     * @param bias which of query, key and value get a learned bias ({@code bias} of mmpretrain:
     *     {@code 'qv_bias'}, True or False)
     * @param projDrop the dropout rate after the output projection
     * @param relPosWindow the patch grid {@code {Wh, Ww}} of the layer's own relative position bias (tokens: a class
     *     token, then the grid), or null for none
     * @throws IllegalArgumentException if the sizes do not fit or a rate is out of range
     */
    public MultiheadAttention(int embedDims, int numHeads, QkvBias bias, float projDrop, long[] relPosWindow) {
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
                Linear.builder().setUnits(3L * embedDims).optBias(bias == QkvBias.QKV).build(), embedDims));
        proj = addChildBlock("proj", TorchInit.defaults(Linear.builder().setUnits(embedDims).build(), embedDims));
        qBias = bias == QkvBias.QV ? addParameter(headBias("q_bias")) : null;
        vBias = bias == QkvBias.QV ? addParameter(headBias("v_bias")) : null;
        relPosTable = relPosWindow == null ? null
                : addParameter(RelativePositionBias.table(relPosWindow, numHeads, new NormalInitializer(0.02f)));
        relPosIndex = relPosWindow == null ? null : RelativePositionBias.flatIndex(relPosWindow, numHeads);
    }

    /** Which of query, key and value the {@code qkv} projection adds a learned bias to. */
    public enum QkvBias {
        /** No bias. */
        NONE,
        /** The Linear's own bias on all three. */
        QKV,
        /** BEiT's {@code qv_bias}: parameters {@code q_bias} and {@code v_bias}, no key bias. */
        QV
    }

    private Parameter headBias(String name) {
        return Parameter.builder().setName(name).setType(Parameter.Type.BIAS).optShape(new Shape(embedDims)).build();
    }

    /**
     * The output projection, for owners that initialise it their own way.
     *
     * @return {@code proj}
     */
    public Linear proj() {
        return proj;
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
        NDArray input = inputs.head();
        Shape shape = input.getShape();
        long batch = shape.get(0);
        long tokens = shape.get(1);
        // (B, N, 3C) -> (3, B, heads, N, head_dim) as one view; q, k and v are (1, B, heads, N, head_dim) views of it.
        NDList qkvParts = qkv.forward(parameterStore, new NDList(input), training).singletonOrThrow()
                .reshape(batch, tokens, 3, numHeads, headDims)
                .transpose(2, 0, 3, 1, 4)
                .split(3, 0);
        NDArray q = qkvParts.get(0);
        NDArray v = qkvParts.get(2);
        if (qBias != null) {
            // Adding the biases per part equals one Linear bias cat(q_bias, 0, v_bias) on the projection.
            q = q.add(perHead(parameterStore, qBias, input, training));
            v = v.add(perHead(parameterStore, vBias, input, training));
        }
        NDArray scores = q.mul(Scalars.of(q, scale)).matMul(qkvParts.get(1).transpose(0, 1, 2, 4, 3));
        if (relPosTable != null) {
            scores = scores.add(RelativePositionBias.bias(parameterStore.getValue(relPosTable, input.getDevice(),
                    training), relPosIndex, numHeads, input.getManager()));
        }
        if (inputs.size() > 1) {
            scores = scores.add(inputs.get(1));
        }
        NDArray x = scores.softmax(-1).matMul(v)
                .transpose(1, 3, 0, 2, 4)
                .reshape(batch, tokens, embedDims);
        x = proj.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        if (training && projDrop > 0f) {
            x = Dropout.dropout(x, projDrop, true).singletonOrThrow();
        }
        return new NDList(tail.forward(parameterStore, x, training));
    }

    /** A {@code (C)} bias as {@code (1, 1, heads, 1, head_dim)}, moved to the batch's manager (not the model's). */
    private NDArray perHead(ParameterStore parameterStore, Parameter bias, NDArray input, boolean training) {
        NDArray b = parameterStore.getValue(bias, input.getDevice(), training).reshape(1, 1, numHeads, 1, headDims);
        b.attach(input.getManager());
        return b;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        long covered = relPosTable == null ? tokens.get(1)
                : Math.round(Math.sqrt(relPosIndex.length / (double) numHeads));
        if (tokens.get(1) != covered) {
            throw new IllegalArgumentException("the relative position bias covers " + covered + " tokens (a class "
                    + "token and the patch grid it was made for), got " + tokens);
        }
        qkv.initialize(manager, dataType, tokens);
        proj.initialize(manager, dataType, tokens);
        tail.initialize(manager, dataType, tokens);
    }

    @Override
    public String toString() {
        return "MultiheadAttention(embed_dims=" + embedDims + ", num_heads=" + numHeads + ")";
    }
}
