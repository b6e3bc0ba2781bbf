package org.pretrain4j.backbones.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * LayerScale (CaiT), as mmpretrain's and mmcv's {@code LayerScale} over channels-last input: multiplies the last axis
 * by a learned per-channel {@code weight} that starts at a small constant, so that a residual branch starts close to
 * zero. The parameter is named {@code weight}, as in PyTorch's state dicts ({@code attn.gamma1.weight}); its DJL
 * type is {@code OTHER}, so that initialisers set on every {@code WEIGHT} of a tree leave it alone.
 */
public final class LayerScale extends AbstractBlock {
    private final float initValue;
    private final Parameter weight;

    /**
     * Creates the block.
     *
     * @param dims the size of the last axis
     * @param initValue the starting value of every channel's scale, e.g. 1e-5
     */
    public LayerScale(long dims, float initValue) {
        super((byte) 1);
        this.initValue = initValue;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.OTHER)
                .optShape(new Shape(dims)).optInitializer(new ConstantInitializer(initValue)).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.mul(parameterStore.getValue(weight, x.getDevice(), training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "LayerScale(init=" + initValue + ")";
    }
}
