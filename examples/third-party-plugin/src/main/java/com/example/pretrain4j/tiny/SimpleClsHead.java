package com.example.pretrain4j.tiny;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.LossDict;

/**
 * What this plugin's classification heads share, in the shape of mmpretrain's {@code ClsHead}: {@link #preLogits}
 * picks (and may transform) the features, {@link #classify} turns them into logits, {@link #loss} calls the loss
 * block with {@code avg_factor = N} and {@link #predict} returns softmax scores and arg-max labels. A plugin compiles
 * against {@code framework-api} only, so it carries this small base instead of reusing the bundled heads' classes.
 *
 * <p>The loss is a child block named {@code loss}.
 */
public abstract class SimpleClsHead extends AbstractBlock implements Head {
    private final Loss loss;

    /**
     * Registers the loss.
     *
     * @param loss the loss, built from the head's {@code loss} config
     */
    protected SimpleClsHead(Loss loss) {
        super((byte) 1);
        this.loss = addChildBlock("loss", requireNonNull(loss, "loss is null"));
    }

    /**
     * mmpretrain's {@code pre_logits}: the features the last layer classifies. Here the last input, the deepest stage.
     *
     * @param parameterStore where parameters are read from
     * @param features the neck's (or backbone's) outputs
     * @param training whether this is a training pass
     * @return the pre-logits {@code (N, D)}
     */
    protected NDArray preLogits(ParameterStore parameterStore, NDList features, boolean training) {
        if (features.isEmpty()) {
            throw new Pretrain4jException(getClass().getSimpleName() + " got no features");
        }
        return features.get(features.size() - 1);
    }

    /**
     * Turns pre-logits into class scores: the layers after {@code pre_logits} in mmpretrain's {@code forward}.
     *
     * @param parameterStore where parameters are read from
     * @param preLogits the output of {@link #preLogits}
     * @param training whether this is a training pass
     * @return the logits {@code (N, classes)}
     */
    protected abstract NDArray classify(ParameterStore parameterStore, NDArray preLogits, boolean training);

    /**
     * The logits' shape for features of the given shape.
     *
     * @param featureShape the shape of the last input
     * @return {@code (N, classes)}
     */
    protected abstract Shape logitsShape(Shape featureShape);

    /**
     * Initialises the head's own layers.
     *
     * @param manager the manager parameters are created in
     * @param dataType the parameters' data type
     * @param featureShape the shape of the last input
     */
    protected abstract void initializeLayers(NDManager manager, DataType dataType, Shape featureShape);

    @Override
    protected final NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(classify(parameterStore, preLogits(parameterStore, inputs, training), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {logitsShape(inputShapes[inputShapes.length - 1])};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape features = inputShapes[inputShapes.length - 1];
        initializeLayers(manager, dataType, features);
        Shape logits = logitsShape(features);
        loss.initialize(manager, dataType, logits, loss.needsDenseTarget() ? logits : new Shape(logits.get(0)));
    }

    /**
     * The loss with {@code avg_factor = N}, as mmpretrain's heads compute it.
     *
     * @param predictions the training forward pass's output: {@code (logits)}
     * @param target class indices {@code (N)} or dense scores {@code (N, classes)}
     * @return {@code loss}
     */
    @Override
    public LossDict loss(NDList predictions, NDArray target) {
        NDArray logits = predictions.get(0);
        NDArray lossTarget = target;
        if (target.getShape().dimension() == 1 && loss.needsDenseTarget()) {
            int classes = Math.toIntExact(logits.getShape().getLastDimension());
            lossTarget = target.toType(DataType.INT64, false).oneHot(classes, logits.getDataType());
        }
        return new LossDict().put("loss", loss.loss(logits, lossTarget, null, (float) logits.getShape().get(0)));
    }

    /**
     * Softmax scores and arg-max labels.
     *
     * @param predictions the inference forward pass's output: {@code (logits)}
     * @return {@code (scores (N, classes), labels (N) int64)}
     */
    @Override
    public NDList predict(NDList predictions) {
        NDArray scores = predictions.get(0).softmax(-1);
        return new NDList(scores, scores.argMax(-1).toType(DataType.INT64, false));
    }
}
