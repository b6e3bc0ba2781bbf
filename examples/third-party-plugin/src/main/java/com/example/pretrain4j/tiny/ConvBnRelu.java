package com.example.pretrain4j.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 3x3 convolution without bias, batch norm and ReLU: one stage of {@link TinyConvNet}. Its children are named
 * {@code conv} and {@code bn}, so checkpoint keys read {@code backbone.layer1.conv.weight}.
 */
final class ConvBnRelu extends AbstractBlock {
    private final Conv2d conv;
    private final BatchNorm bn;

    ConvBnRelu(int channels, int stride) {
        super((byte) 1);
        // No bias: the batch norm right after it has its own shift.
        conv = addChildBlock("conv", Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(channels)
                .optStride(new Shape(stride, stride)).optPadding(new Shape(1, 1)).optBias(false).build());
        bn = addChildBlock("bn", BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = conv.forward(parameterStore, inputs, training);
        NDArray y = bn.forward(parameterStore, x, training).singletonOrThrow();
        return new NDList(Activation.relu(y));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }
}
