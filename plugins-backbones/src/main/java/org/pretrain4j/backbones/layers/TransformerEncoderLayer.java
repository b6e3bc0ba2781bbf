package org.pretrain4j.backbones.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.List;

/**
 * One pre-norm ViT encoder layer, as mmpretrain's {@code TransformerEncoderLayer} over {@code (B, N, C)} tokens:
 * {@code x = x + attn(ln1(x))}, then {@code x = x + ffn(ln2(x))}, where {@code attn} is a {@link MultiheadAttention}
 * and {@code ffn} an {@link FFN}, each ending in its own LayerScale and DropPath. DJL's
 * {@code TransformerEncoderBlock} is post-norm with batch norm and does not fit.
 *
 * <p>Children {@code ln1}, {@code attn}, {@code ln2}, {@code ffn} give mmpretrain's keys: {@code ln1.weight},
 * {@code attn.qkv.weight}, {@code attn.proj.weight}, {@code attn.gamma1.weight}, {@code ffn.layers.0.0.weight},
 * {@code ffn.layers.1.weight}, {@code ffn.gamma2.weight}. As in mmpretrain's {@code init_weights}, the FFN's Linear
 * layers start with Xavier-uniform weights and biases drawn from {@code N(0, 1e-6)}.
 */
public final class TransformerEncoderLayer extends AbstractBlock {
    private final LayerNorm ln1;
    private final MultiheadAttention attn;
    private final LayerNorm ln2;
    private final FFN ffn;

    private TransformerEncoderLayer(Builder builder) {
        super((byte) 1);
        ln1 = addChildBlock("ln1", new LayerNorm(builder.normEpsilon));
        attn = addChildBlock("attn", new MultiheadAttention(builder.embedDims, builder.numHeads, builder.qkvBias,
                builder.dropRate, builder.dropPathRate, builder.layerScaleInitValue));
        ln2 = addChildBlock("ln2", new LayerNorm(builder.normEpsilon));
        ffn = addChildBlock("ffn", new FFN(builder.embedDims, builder.feedforwardChannels, builder.dropRate,
                builder.dropPathRate, builder.layerScaleInitValue));
        for (Linear fc : ffn.linears()) {
            fc.setInitializer(TorchInit.xavierUniform(), Parameter.Type.WEIGHT);
            fc.setInitializer(new NormalInitializer(1e-6f), Parameter.Type.BIAS);
        }
    }

    /**
     * Starts a builder.
     *
     * @return a builder with mmpretrain's defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList normed = ln1.forward(parameterStore, inputs, training);
        x = x.add(attn.forward(parameterStore, normed, training).singletonOrThrow());
        normed = ln2.forward(parameterStore, new NDList(x), training);
        return new NDList(x.add(ffn.forward(parameterStore, normed, training).singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : List.of(ln1, attn, ln2, ffn)) {
            child.initialize(manager, dataType, inputShapes[0]);
        }
    }

    /** Builds a {@link TransformerEncoderLayer}; the three sizes are required. */
    public static final class Builder {
        private int embedDims;
        private int numHeads;
        private int feedforwardChannels;
        private float dropRate;
        private float dropPathRate;
        private boolean qkvBias = true;
        private float layerScaleInitValue;
        private float normEpsilon = 1e-5f;

        private Builder() {}

        /**
         * Sets the token size {@code C}.
         *
         * @param embedDims a positive multiple of the number of heads
         * @return this
         */
        public Builder setEmbedDims(int embedDims) {
            this.embedDims = embedDims;
            return this;
        }

        /**
         * Sets the number of attention heads.
         *
         * @param numHeads the heads
         * @return this
         */
        public Builder setNumHeads(int numHeads) {
            this.numHeads = numHeads;
            return this;
        }

        /**
         * Sets the FFN's hidden size.
         *
         * @param feedforwardChannels the hidden size
         * @return this
         */
        public Builder setFeedforwardChannels(int feedforwardChannels) {
            this.feedforwardChannels = feedforwardChannels;
            return this;
        }

        /**
         * Sets the dropout rate after the attention projection and inside the FFN (mmpretrain's {@code drop_rate}).
         *
         * @param dropRate in {@code [0, 1)}; 0 by default
         * @return this
         */
        public Builder optDropRate(float dropRate) {
            this.dropRate = dropRate;
            return this;
        }

        /**
         * Sets the stochastic-depth rate of both residual branches.
         *
         * @param dropPathRate in {@code [0, 1)}; 0 by default
         * @return this
         */
        public Builder optDropPathRate(float dropPathRate) {
            this.dropPathRate = dropPathRate;
            return this;
        }

        /**
         * Sets whether the {@code qkv} projection has a bias.
         *
         * @param qkvBias true by default
         * @return this
         */
        public Builder optQkvBias(boolean qkvBias) {
            this.qkvBias = qkvBias;
            return this;
        }

        /**
         * Sets the LayerScale start value of both branches.
         *
         * @param layerScaleInitValue 0 (the default) for no LayerScale
         * @return this
         */
        public Builder optLayerScaleInitValue(float layerScaleInitValue) {
            this.layerScaleInitValue = layerScaleInitValue;
            return this;
        }

        /**
         * Sets the epsilon of both layer norms.
         *
         * @param normEpsilon 1e-5 by default ({@code nn.LayerNorm}); mmpretrain's ViT uses 1e-6
         * @return this
         */
        public Builder optNormEpsilon(float normEpsilon) {
            this.normEpsilon = normEpsilon;
            return this;
        }

        /**
         * Builds the layer.
         *
         * @return the layer
         * @throws IllegalArgumentException if a size is missing or invalid, or a rate is out of range
         */
        public TransformerEncoderLayer build() {
            return new TransformerEncoderLayer(this);
        }
    }
}
