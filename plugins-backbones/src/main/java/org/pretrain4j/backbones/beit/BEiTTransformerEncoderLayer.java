package org.pretrain4j.backbones.beit;

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
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.List;
import org.pretrain4j.backbones.layers.DropPath;
import org.pretrain4j.backbones.layers.FFN;
import org.pretrain4j.backbones.layers.LayerNorm;
import org.pretrain4j.backbones.layers.MultiheadAttention;
import org.pretrain4j.backbones.layers.MultiheadAttention.QkvBias;
import org.pretrain4j.backbones.layers.TorchInit;

/**
 * mmpretrain's {@code BEiTTransformerEncoderLayer}, the pre-norm layer of BEiT's backbones and of the BEiT v2 neck,
 * over {@code (B, N, C)} tokens with an optional shared relative position bias {@code (heads, N, N)} as second input:
 * {@code x = x + drop_path(gamma_1 * attn(ln1(x), bias))}, then {@code x = x + drop_path(gamma_2 * ffn(ln2(x)))}.
 *
 * <ul>
 *   <li>{@code attn} is mmpretrain's {@code BEiTAttention}: a {@link MultiheadAttention} with {@code q_bias} and
 *       {@code v_bias} by default and, with a window, its own relative position bias table.</li>
 *   <li>LayerScale lives in the layer as the parameters {@code gamma_1}, {@code gamma_2} (start value
 *       {@code layer_scale_init_value}; none when it is 0), not in the branches.</li>
 *   <li>As in mmpretrain, the FFN keeps its own stochastic depth ({@code dropout_layer}) and the layer applies
 *       {@code drop_path} again on top, so with {@code drop_path_rate > 0} the FFN branch is dropped twice.</li>
 *   <li>Norms use eps 1e-6; the FFN's Linear layers start Xavier-uniform with {@code N(0, 1e-6)} biases, as
 *       mmpretrain's {@code TransformerEncoderLayer.init_weights}.</li>
 * </ul>
 */
public final class BEiTTransformerEncoderLayer extends AbstractBlock {
    /** mmpretrain's BEiT {@code norm_cfg}: {@code dict(type='LN', eps=1e-6)}. */
    static final float NORM_EPS = 1e-6f;

    private final LayerNorm ln1;
    private final MultiheadAttention attn;
    private final LayerNorm ln2;
    private final FFN ffn;
    private final DropPath dropPath;
    private final Parameter gamma1;
    private final Parameter gamma2;

    /**
     * Creates the layer.
     *
     * @param embedDims the token size {@code C}
     * @param numHeads the attention heads
     * @param feedforwardChannels the FFN's hidden size
     * @param layerScaleInitValue start value of {@code gamma_1} and {@code gamma_2}; 0 for none
     * @param relPosWindow the patch grid of the layer's own relative position bias, or null for none
     * @param dropRate dropout after the attention projection and in the FFN
     * @param dropPathRate stochastic-depth rate
     * @param bias the {@code qkv} bias mode
     * @throws IllegalArgumentException if a size or rate is invalid
     */
    public BEiTTransformerEncoderLayer(int embedDims, int numHeads, int feedforwardChannels, float layerScaleInitValue,
            long[] relPosWindow, float dropRate, float dropPathRate, QkvBias bias) {
        super((byte) 1);
        ln1 = addChildBlock("ln1", new LayerNorm(NORM_EPS));
        attn = addChildBlock("attn", new MultiheadAttention(embedDims, numHeads, bias, dropRate, relPosWindow));
        ln2 = addChildBlock("ln2", new LayerNorm(NORM_EPS));
        ffn = addChildBlock("ffn", new FFN(embedDims, feedforwardChannels, dropRate, dropPathRate, 0f));
        for (Linear fc : ffn.linears()) {
            fc.setInitializer(TorchInit.xavierUniform(), Parameter.Type.WEIGHT);
            fc.setInitializer(new NormalInitializer(1e-6f), Parameter.Type.BIAS);
        }
        dropPath = addChildBlock("drop_path", new DropPath(dropPathRate));
        gamma1 = layerScaleInitValue > 0 ? addParameter(gamma("gamma_1", embedDims, layerScaleInitValue)) : null;
        gamma2 = layerScaleInitValue > 0 ? addParameter(gamma("gamma_2", embedDims, layerScaleInitValue)) : null;
    }

    private static Parameter gamma(String name, int dims, float value) {
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(new Shape(dims))
                .optInitializer(new ConstantInitializer(value)).build();
    }

    /**
     * The attention, for owners that initialise its projections their own way.
     *
     * @return {@code attn}
     */
    public MultiheadAttention attn() {
        return attn;
    }

    /**
     * The FFN, for owners that initialise its Linear layers their own way.
     *
     * @return {@code ffn}
     */
    public FFN ffn() {
        return ffn;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDList attnIn = new NDList(ln1.forward(parameterStore, new NDList(x), training).singletonOrThrow());
        if (inputs.size() > 1) {
            attnIn.add(inputs.get(1));
        }
        x = x.add(branch(parameterStore, attn.forward(parameterStore, attnIn, training), gamma1, training));
        NDList normed = ln2.forward(parameterStore, new NDList(x), training);
        return new NDList(x.add(branch(parameterStore, ffn.forward(parameterStore, normed, training), gamma2,
                training)));
    }

    /** {@code drop_path(gamma * out)}, the data operand first. */
    private NDArray branch(ParameterStore parameterStore, NDList out, Parameter gamma, boolean training) {
        NDArray y = out.singletonOrThrow();
        if (gamma != null) {
            y = y.mul(parameterStore.getValue(gamma, y.getDevice(), training));
        }
        return dropPath.forward(parameterStore, new NDList(y), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : List.of(ln1, attn, ln2, ffn, dropPath)) {
            child.initialize(manager, dataType, inputShapes[0]);
        }
    }
}
