package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.LossDict;

/**
 * mmpretrain's {@code ClsHead}: the last feature of the input {@code NDList} already holds the class scores, so the
 * forward pass returns it unchanged. Subclasses such as {@link LinearClsHead} put layers in between with
 * {@link #setClassifier}. Loss and prediction follow the head's {@link Labeling}:
 *
 * <ul>
 *   <li>{@link SingleLabel} (mmpretrain's {@code ClsHead}, the default): {@code loss(logits, target, avg_factor = N)}
 *       under the key {@code loss}, plus {@code accuracy_top-k} (percent) when {@code cal_acc} is set; class indices
 *       become one-hot rows when the loss needs dense targets. {@link #predict}: softmax scores {@code (N, C)} and
 *       arg-max labels {@code (N)} as int64.
 *   <li>{@link MultiLabel} (mmpretrain's {@code MultiLabelClsHead}): dense targets, sigmoid scores and a mask of the
 *       predicted classes.
 * </ul>
 *
 * <p>The loss is a child block named {@code loss_module} (mmpretrain's attribute name), so whatever parameters or buffers it has are part of the tree.
 */
public class ClsHead extends AbstractBlock implements Head {
    private static final byte VERSION = 1;

    private final Loss loss;
    private final Labeling labeling;
    private Block classifier;
    private int inChannels;
    private int numClasses;

    /**
     * Creates the head.
     *
     * @param loss the loss
     * @param labeling single-label or multi-label semantics
     */
    public ClsHead(Loss loss, Labeling labeling) {
        super(VERSION);
        // mmpretrain names the attribute loss_module, so buffered losses (SeesawLoss.cum_samples) keep their key.
        this.loss = addChildBlock("loss_module", requireNonNull(loss, "loss is null"));
        this.labeling = requireNonNull(labeling, "labeling is null");
    }

    /**
     * Creates a single-label head with {@code topk = [1]} and no accuracy.
     *
     * @param loss the loss
     */
    public ClsHead(Loss loss) {
        this(loss, new SingleLabel(List.of(1), false));
    }

    /**
     * The loss block.
     *
     * @return the loss
     */
    public Loss lossBlock() {
        return loss;
    }

    /**
     * The head's single- or multi-label semantics.
     *
     * @return the labeling
     */
    public Labeling labeling() {
        return labeling;
    }

    /**
     * Picks the features the head works on: the last element, the deepest stage (mmpretrain's {@code pre_logits}).
     *
     * @param features the neck's or backbone's outputs
     * @return the last one
     */
    protected NDArray preLogits(NDList features) {
        if (features.isEmpty()) {
            throw new Pretrain4jException(getClass().getSimpleName() + " got no features");
        }
        return features.get(features.size() - 1);
    }

    /**
     * Registers the layers between pre-logits and logits as the child block {@code name}, once, from a subclass
     * constructor ({@code fc} for {@link LinearClsHead}, {@code layers} for {@link StackedLinearClsHead}). Without
     * one the head passes pre-logits through. The head checks the feature size itself, because DJL's layers would
     * otherwise infer it from the first batch, where mmpretrain fixes it.
     *
     * @param name the child's name, as in mmpretrain's state dict
     * @param block takes {@code (N, inChannels)} and returns {@code (N, numClasses)}
     * @param inChannels the feature size the block expects
     * @param numClasses the number of logits it returns
     * @param <B> the block type
     * @return the block
     * @throws IllegalStateException if a classifier is already registered
     */
    protected final <B extends Block> B setClassifier(String name, B block, int inChannels, int numClasses) {
        if (classifier != null) {
            throw new IllegalStateException(getClass().getSimpleName() + " already has its classifier layers");
        }
        if (numClasses <= 0 || inChannels <= 0) {
            throw new IllegalArgumentException(
                    "num_classes and in_channels must be positive, got " + numClasses + " and " + inChannels);
        }
        this.classifier = addChildBlock(name, requireNonNull(block, "block is null"));
        this.inChannels = inChannels;
        this.numClasses = numClasses;
        return block;
    }

    /** Turns pre-logits into class scores: the classifier layers, or the identity without them. */
    private NDArray classify(ParameterStore parameterStore, NDArray preLogits, boolean training) {
        if (classifier == null) {
            return preLogits;
        }
        checkFeatures(preLogits.getShape());
        return classifier.forward(parameterStore, new NDList(preLogits), training).singletonOrThrow();
    }

    /** The shape {@link #classify} returns for pre-logits of the given shape. */
    private Shape classifiedShape(Shape preLogitsShape) {
        if (classifier == null) {
            return preLogitsShape;
        }
        checkFeatures(preLogitsShape);
        return preLogitsShape.slice(0, preLogitsShape.dimension() - 1).add(numClasses);
    }

    private void checkFeatures(Shape shape) {
        if (shape.dimension() < 2 || shape.getLastDimension() != inChannels) {
            throw new Pretrain4jException(getClass().getSimpleName() + " expects features (N, " + inChannels
                    + ") (in_channels = " + inChannels + "), got shape " + shape);
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(classify(parameterStore, preLogits(inputs), training));
    }

    /**
     * One output: the logits shape of the last input.
     *
     * @param inputShapes the feature shapes
     * @return {@code [logits shape]}
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {classifiedShape(lastShape(inputShapes))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape preLogits = lastShape(inputShapes);
        Shape logits = classifiedShape(preLogits);
        if (classifier != null) {
            classifier.initialize(manager, dataType, preLogits);
        }
        loss.initialize(manager, dataType, logits, labeling.lossTargetShape(loss, logits));
    }

    private Shape lastShape(Shape[] inputShapes) {
        if (inputShapes.length == 0) {
            throw new Pretrain4jException(getClass().getSimpleName() + " got no feature shapes");
        }
        return inputShapes[inputShapes.length - 1];
    }

    /**
     * Computes the loss with {@code avg_factor = N}, as the head's {@link Labeling} says.
     *
     * @param predictions what the training forward pass returned: {@code (logits)}
     * @param target class indices {@code (N)}, or dense scores {@code (N, C)} (mixed, or multi-hot)
     * @return {@code loss}, then any logged terms (e.g. {@code accuracy_top-k})
     */
    @Override
    public LossDict loss(NDList predictions, NDArray target) {
        return labeling.loss(loss, logits(predictions), requireNonNull(target, "target is null"));
    }

    /**
     * Scores and predicted labels, as the head's {@link Labeling} says.
     *
     * @param predictions what the inference forward pass returned: {@code (logits)}
     * @return {@code (scores (N, C), labels)}: arg-max indices {@code (N)} or a multi-label mask {@code (N, C)}
     */
    @Override
    public NDList predict(NDList predictions) {
        return labeling.predict(logits(predictions));
    }

    private static NDArray logits(NDList predictions) {
        requireNonNull(predictions, "predictions is null");
        if (predictions.isEmpty()) {
            throw new Pretrain4jException("a classification head needs the logits its forward pass returned");
        }
        return predictions.get(0);
    }
}
