package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Loss;

/**
 * A {@link ClsHead} whose class scores come from one child block (the classifier) applied to features of a fixed
 * size {@code in_channels}, such as {@link LinearClsHead}'s {@code fc} or {@link VisionTransformerClsHead}'s
 * {@code layers}. Subclasses build the classifier and register it with {@link #setClassifier}; the size checks,
 * shape inference and initialisation are here.
 */
public abstract class LayerClsHead extends ClsHead {
    private final int numClasses;
    private final int inChannels;
    private Block classifier;

    /**
     * Creates the head; the subclass's constructor must then call {@link #setClassifier}.
     *
     * @param loss the loss
     * @param topk the k values of the logged accuracies
     * @param calAcc whether {@link #loss} also reports accuracies
     * @param numClasses the number of classes
     * @param inChannels the feature size
     * @throws IllegalArgumentException if a size is not positive
     */
    protected LayerClsHead(Loss loss, List<Integer> topk, boolean calAcc, int numClasses, int inChannels) {
        super(loss, topk, calAcc);
        if (numClasses <= 0 || inChannels <= 0) {
            throw new IllegalArgumentException(
                    "num_classes and in_channels must be positive, got " + numClasses + " and " + inChannels);
        }
        this.numClasses = numClasses;
        this.inChannels = inChannels;
    }

    /**
     * Registers the classifier as a child block.
     *
     * @param name its name in checkpoints, e.g. {@code fc}
     * @param block the block mapping {@code (N, in_channels)} features to {@code (N, num_classes)} scores
     * @param <B> the block type
     * @return the block
     */
    protected final <B extends Block> B setClassifier(String name, B block) {
        if (classifier != null) {
            throw new IllegalStateException("the classifier is already set");
        }
        classifier = addChildBlock(name, requireNonNull(block, "block is null"));
        return block;
    }

    /**
     * The number of classes.
     *
     * @return the classifier's output size
     */
    public int numClasses() {
        return numClasses;
    }

    /**
     * The feature size.
     *
     * @return the classifier's input size
     */
    public int inChannels() {
        return inChannels;
    }

    @Override
    protected NDArray classify(ParameterStore parameterStore, NDArray preLogits, boolean training) {
        checkFeatures(preLogits.getShape());
        return classifier.forward(parameterStore, new NDList(preLogits), training).singletonOrThrow();
    }

    @Override
    protected Shape classifiedShape(Shape preLogitsShape) {
        checkFeatures(preLogitsShape);
        return preLogitsShape.slice(0, preLogitsShape.dimension() - 1).add(numClasses);
    }

    @Override
    protected void initializeClassifier(NDManager manager, DataType dataType, Shape preLogitsShape) {
        checkFeatures(preLogitsShape);
        classifier.initialize(manager, dataType, preLogitsShape);
    }

    /** Linear layers would infer their input size from the first batch; mmpretrain fixes it, and so do we. */
    private void checkFeatures(Shape shape) {
        if (shape.dimension() < 2 || shape.getLastDimension() != inChannels) {
            throw new Pretrain4jException(getClass().getSimpleName() + " expects features (N, " + inChannels
                    + ") (in_channels = " + inChannels + "), got shape " + shape);
        }
    }
}
