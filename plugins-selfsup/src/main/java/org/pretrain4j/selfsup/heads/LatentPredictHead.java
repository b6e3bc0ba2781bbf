package org.pretrain4j.selfsup.heads;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.Neck;

/**
 * mmpretrain's {@code LatentPredictHead} (BYOL, SimSiam): a predictor, any neck (mmpretrain's configs use a
 * {@code NonLinearNeck} without pooling), maps the online embedding {@code (N, C)} to a prediction of the other
 * branch's embedding, and the loss ({@code CosineSimilarityLoss}) compares the two with the target detached, so no
 * gradient flows into the target branch. The children are {@code loss_module} and {@code predictor}, mmpretrain's
 * attribute names, so checkpoint keys read {@code head.predictor.fc0.weight}.
 *
 * <p>{@link #loss(ParameterStore, NDArray, NDArray)} is mmpretrain's {@code loss(input, target)}. As a {@link Head}
 * the forward pass is the predictor's, and {@link #loss(NDList, NDArray)} scores its output against a target.
 */
public final class LatentPredictHead extends AbstractBlock implements Head {
    private static final byte VERSION = 1;

    private final Loss loss;
    private final Neck predictor;

    /**
     * Creates the head.
     *
     * @param predictor maps {@code (N, C)} embeddings to predictions of the same shape as the targets
     * @param loss compares a prediction with a same-shaped target
     * @throws IllegalArgumentException if the loss takes no target
     */
    public LatentPredictHead(Neck predictor, Loss loss) {
        super(VERSION);
        if (!requireNonNull(loss, "loss is null").needsTarget()) {
            throw new IllegalArgumentException(LatentPredictHeadFactory.NAME + " compares a prediction with a "
                    + "target; " + loss.getClass().getSimpleName() + " takes no target");
        }
        this.loss = addChildBlock("loss_module", loss);
        this.predictor = addChildBlock("predictor", requireNonNull(predictor, "predictor is null"));
    }

    /**
     * mmpretrain's {@code loss(input, target)}: runs the predictor in training mode on {@code input} and compares
     * its output with {@code target}, detached.
     *
     * @param parameterStore where parameters are read from
     * @param input the online embedding {@code (N, C)}
     * @param target the other branch's embedding, shaped like the prediction
     * @return the loss, a scalar
     */
    public NDArray loss(ParameterStore parameterStore, NDArray input, NDArray target) {
        NDArray prediction = predictor.forward(parameterStore, new NDList(input), true).get(0);
        return loss.loss(prediction, target.stopGradient(), null, null);
    }

    /**
     * Scores the predictions of a forward pass against a target, detached.
     *
     * @param predictions {@code (prediction (N, C))}
     * @param target the target embedding {@code (N, C)}; class indices {@code (N,)}, which a classification runner
     *     passes, become one-hot rows as the {@link Head} contract says
     * @return {@code loss}
     */
    @Override
    public LossDict loss(NDList predictions, NDArray target) {
        NDArray prediction = predictions.get(0);
        NDArray t = requireNonNull(target, "target is null").getShape().dimension() == 1
                ? target.oneHot((int) prediction.getShape().get(1)) : target;
        return new LossDict().put("loss", loss.loss(prediction, t.stopGradient(), null, null));
    }

    /**
     * The predictions, unchanged: the head predicts embeddings, not classes.
     *
     * @param predictions {@code (prediction)}
     * @return {@code (prediction)}
     */
    @Override
    public NDList predict(NDList predictions) {
        return new NDList(predictions.get(0));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return predictor.forward(parameterStore, inputs, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return predictor.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        predictor.initialize(manager, dataType, inputShapes);
        Shape prediction = predictor.getOutputShapes(inputShapes)[0];
        loss.initialize(manager, dataType, prediction, prediction);
    }
}
