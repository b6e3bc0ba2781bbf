package com.example.pretrain4j.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import org.pretrain4j.api.model.Loss;

/**
 * A two-layer classification head in the shape of mmpretrain's {@code VisionTransformerClsHead} with a
 * {@code hidden_dim}: {@code pre_logits} is a fully connected layer followed by tanh, and the forward pass adds the
 * final layer {@code head}. As there, the hidden layer starts from a truncated normal with standard deviation
 * {@code sqrt(1 / in_channels)} and the final layer from zeros, so that every class starts equally likely.
 */
public final class TanhHiddenClsHead extends SimpleClsHead {
    private final int numClasses;
    private final Linear preLogitsLayer;
    private final Linear head;

    /**
     * Creates the head.
     *
     * @param numClasses the number of classes
     * @param inChannels the feature size
     * @param hiddenDim the width of the tanh layer
     * @param loss the loss
     */
    public TanhHiddenClsHead(int numClasses, int inChannels, int hiddenDim, Loss loss) {
        super(loss);
        this.numClasses = numClasses;
        preLogitsLayer = addChildBlock("pre_logits", Linear.builder().setUnits(hiddenDim).build());
        preLogitsLayer.setInitializer(new TruncatedNormalInitializer((float) Math.sqrt(1.0 / inChannels)),
                Parameter.Type.WEIGHT);
        head = addChildBlock("head", Linear.builder().setUnits(numClasses).build());
        head.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
    }

    // tag::tanh-head[]
    /** mmpretrain's {@code pre_logits}: the last feature through the hidden layer and tanh. */
    @Override
    protected NDArray preLogits(ParameterStore parameterStore, NDList features, boolean training) {
        NDArray x = super.preLogits(parameterStore, features, training);
        return Activation.tanh(preLogitsLayer.forward(parameterStore, new NDList(x), training).singletonOrThrow());
    }

    /** The rest of mmpretrain's {@code forward}: the final layer on the pre-logits. */
    @Override
    protected NDArray classify(ParameterStore parameterStore, NDArray preLogits, boolean training) {
        return head.forward(parameterStore, new NDList(preLogits), training).singletonOrThrow();
    }
    // end::tanh-head[]

    @Override
    protected Shape logitsShape(Shape featureShape) {
        return new Shape(featureShape.get(0), numClasses);
    }

    @Override
    protected void initializeLayers(NDManager manager, DataType dataType, Shape featureShape) {
        preLogitsLayer.initialize(manager, dataType, featureShape);
        head.initialize(manager, dataType, preLogitsLayer.getOutputShapes(new Shape[] {featureShape}));
    }
}
