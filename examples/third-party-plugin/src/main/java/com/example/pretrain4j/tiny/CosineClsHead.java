package com.example.pretrain4j.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Loss;

/**
 * A cosine-similarity classifier: the logit of class {@code k} is {@code scale · cos(x, w_k)}, the cosine between the
 * features and the class's weight row times a fixed temperature. Normalising both sides keeps the logits bounded, so
 * the scale, not the feature norm, sets how peaked the softmax can get. The weight {@code (num_classes, in_channels)}
 * is the direct parameter {@code weight}.
 */
public final class CosineClsHead extends SimpleClsHead {
    /** Keeps the division defined for an all-zero feature vector (a dead ReLU stage). */
    private static final float EPS = 1e-8f;

    private final int numClasses;
    private final int inChannels;
    private final float scale;
    private final Parameter weight;

    /**
     * Creates the head.
     *
     * @param config the validated config
     * @param loss the loss
     */
    public CosineClsHead(CosineClsHeadFactory.Config config, Loss loss) {
        super(loss);
        this.numClasses = config.numClasses();
        this.inChannels = config.inChannels();
        this.scale = (float) config.scale();
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(numClasses, inChannels)).build());
    }

    @Override
    protected NDArray classify(ParameterStore parameterStore, NDArray preLogits, boolean training) {
        checkFeatures(preLogits.getShape());
        NDArray w = parameterStore.getValue(weight, preLogits.getDevice(), training);
        // A result belongs to its first operand's manager. Copy the weight into the batch's manager first (the copy
        // keeps the gradient path), so that nothing computed from it piles up in the model's manager step after step.
        NDArray wInBatch = preLogits.getManager().create(0f).add(w);
        NDArray x = preLogits.div(preLogits.norm(new int[] {-1}, true).add(EPS));
        NDArray wn = wInBatch.div(wInBatch.norm(new int[] {-1}, true).add(EPS));
        return x.matMul(wn.transpose()).mul(scale);
    }

    @Override
    protected Shape logitsShape(Shape featureShape) {
        checkFeatures(featureShape);
        return new Shape(featureShape.get(0), numClasses);
    }

    @Override
    protected void initializeLayers(NDManager manager, DataType dataType, Shape featureShape) {
        checkFeatures(featureShape);
    }

    private void checkFeatures(Shape shape) {
        if (shape.dimension() != 2 || shape.get(1) != inChannels) {
            throw new Pretrain4jException(CosineClsHeadFactory.NAME + " expects features (N, " + inChannels
                    + ") (in_channels = " + inChannels + "), got shape " + shape);
        }
    }
}
