package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import java.util.List;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Loss;

/**
 * mmpretrain's {@code LinearClsHead}: one fully connected layer {@code fc} from {@code in_channels} features to
 * {@code num_classes} logits, initialised as mmpretrain's {@code Normal(layer='Linear', std=0.01)} (weight
 * {@code N(0, 0.01²)}, bias zero). Loss, accuracy and prediction are {@link ClsHead}'s.
 */
public class LinearClsHead extends ClsHead {
    private final int numClasses;
    private final int inChannels;
    private final Linear fc;

    /**
     * Creates the head.
     *
     * @param numClasses the number of classes
     * @param inChannels the feature size
     * @param loss the loss
     * @param topk the k values of the logged accuracies
     * @param calAcc whether {@link #loss} also reports accuracies
     */
    public LinearClsHead(int numClasses, int inChannels, Loss loss, List<Integer> topk, boolean calAcc) {
        super(loss, topk, calAcc);
        if (numClasses <= 0 || inChannels <= 0) {
            throw new IllegalArgumentException(
                    "num_classes and in_channels must be positive, got " + numClasses + " and " + inChannels);
        }
        this.numClasses = numClasses;
        this.inChannels = inChannels;
        this.fc = addChildBlock("fc", Linear.builder().setUnits(numClasses).build());
        fc.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
        fc.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
    }

    /**
     * Creates the head from its typed config and a loss already built.
     *
     * @param config the typed config
     * @param loss the loss built from {@code config.head().loss()}
     */
    public LinearClsHead(LinearClsHeadConfig config, Loss loss) {
        this(requireNonNull(config, "config is null").numClasses(), config.inChannels(), loss, config.head().topk(),
                config.head().calAcc());
    }

    /**
     * The number of classes.
     *
     * @return the {@code fc} output size
     */
    public int numClasses() {
        return numClasses;
    }

    /**
     * The feature size.
     *
     * @return the {@code fc} input size
     */
    public int inChannels() {
        return inChannels;
    }

    /**
     * The fully connected layer.
     *
     * @return {@code fc}
     */
    public Linear fc() {
        return fc;
    }

    @Override
    protected NDArray classify(ParameterStore parameterStore, NDArray preLogits, boolean training) {
        checkFeatures(preLogits.getShape());
        return fc.forward(parameterStore, new NDList(preLogits), training).singletonOrThrow();
    }

    @Override
    protected Shape classifiedShape(Shape preLogitsShape) {
        checkFeatures(preLogitsShape);
        return preLogitsShape.slice(0, preLogitsShape.dimension() - 1).add(numClasses);
    }

    @Override
    protected void initializeClassifier(NDManager manager, DataType dataType, Shape preLogitsShape) {
        checkFeatures(preLogitsShape);
        fc.initialize(manager, dataType, preLogitsShape);
    }

    /** Linear would infer its input size from the first batch; mmpretrain fixes it, and so do we. */
    private void checkFeatures(Shape shape) {
        if (shape.dimension() < 2 || shape.getLastDimension() != inChannels) {
            throw new Pretrain4jException(LinearClsHeadFactory.NAME + " expects features (N, " + inChannels
                    + ") (in_channels = " + inChannels + "), got shape " + shape);
        }
    }
}
