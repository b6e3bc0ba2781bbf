package org.pretrain4j.backbones.layers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.LayerNorm(dim)}: normalises the last axis of an input of any rank, e.g. the channels of
 * {@code (B, L, C)} tokens or of {@code (B, C)} features. DJL's own {@code LayerNorm} normalises every axis but the
 * batch by default and accepts only positive axes, so it would need to know the input's rank; this block does not.
 *
 * <p>The affine parameters keep DJL's names and types ({@code gamma}, {@code beta}), which checkpoint code maps to
 * PyTorch's {@code weight} and {@code bias}; the class name marks it as a normalisation layer for
 * {@code paramwise_cfg}'s {@code norm_decay_mult}.
 */
public final class LayerNorm extends AbstractBlock {
    private final float epsilon;
    private final Parameter gamma;
    private final Parameter beta;

    /**
     * Creates the block; its size comes from the last axis of the first input.
     *
     * @param epsilon added to the variance: 1e-5 in {@code nn.LayerNorm}, 1e-6 in mmpretrain's transformers
     */
    public LayerNorm(float epsilon) {
        super((byte) 1);
        this.epsilon = epsilon;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Shape size = new Shape(inputShapes[0].getLastDimension());
        gamma.setShape(size);
        beta.setShape(size);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(x.getShape().getLastDimension()),
                parameterStore.getValue(gamma, device, training), parameterStore.getValue(beta, device, training),
                epsilon);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "LayerNorm(eps=" + epsilon + ")";
    }
}
