package org.pretrain4j.selfsup.simclr;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import org.pretrain4j.api.model.Scalars;

/**
 * mmpretrain's {@code ContrastiveHead}: the InfoNCE loss of contrastive methods. Given each query's similarity to
 * its positive {@code (N, 1)} and to its negatives {@code (N, K)}, the logits are {@code cat(pos, neg) / temperature}
 * and the target of every row is class 0, the positive, under the configured loss (cross-entropy, mean over the
 * rows, as mmpretrain calls it without {@code avg_factor}).
 *
 * <p>As a {@link Head} its forward pass takes {@code (pos, neg)} and returns the logits {@code (N, 1 + K)}, and
 * {@link #loss(NDList, NDArray)} scores them against given class indices; {@link #loss(NDArray, NDArray)} is
 * mmpretrain's {@code loss(pos, neg)}, with the all-zero targets built in. It has no parameters; the loss is the
 * child {@code loss_module}, mmpretrain's attribute name.
 */
public final class ContrastiveHead extends AbstractBlock implements Head {
    private static final byte VERSION = 1;

    private final Loss loss;
    private final float temperature;

    /**
     * Creates the head.
     *
     * @param loss the loss over the logits, class-index targets
     * @param temperature the divisor of the similarities, positive
     * @throws IllegalArgumentException if the temperature is not positive
     */
    public ContrastiveHead(Loss loss, double temperature) {
        super(VERSION);
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        this.loss = addChildBlock("loss_module", requireNonNull(loss, "loss is null"));
        this.temperature = (float) temperature;
    }

    /**
     * The temperature.
     *
     * @return the divisor of the similarities
     */
    public double temperature() {
        return temperature;
    }

    /**
     * mmpretrain's {@code ContrastiveHead.loss(pos, neg)}: the loss of {@code cat(pos, neg) / T} with target 0.
     *
     * @param pos similarities to the positive, {@code (N, 1)}
     * @param neg similarities to the negatives, {@code (N, K)}
     * @return the loss, a scalar
     */
    public NDArray loss(NDArray pos, NDArray neg) {
        NDArray logits = logits(pos, neg);
        NDArray zeros = pos.getManager().zeros(new Shape(pos.getShape().get(0)), DataType.INT64);
        return lossOf(logits, zeros);
    }

    /**
     * The loss of logits from the forward pass against class indices (0 is the positive).
     *
     * @param predictions {@code (logits (N, 1 + K))}
     * @param target class indices {@code (N)}
     * @return {@code loss}
     */
    @Override
    public LossDict loss(NDList predictions, NDArray target) {
        return new LossDict().put("loss", lossOf(predictions.get(0), requireNonNull(target, "target is null")));
    }

    private NDArray lossOf(NDArray logits, NDArray target) {
        NDArray t = loss.needsDenseTarget() && target.getShape().dimension() == 1
                ? target.oneHot((int) logits.getShape().get(1)) : target;
        return loss.loss(logits, t, null, null);
    }

    /**
     * The logits, unchanged: a contrastive head predicts nothing beyond them.
     *
     * @param predictions {@code (logits)}
     * @return {@code (logits)}
     */
    @Override
    public NDList predict(NDList predictions) {
        return new NDList(predictions.get(0));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        checkArity(inputs.size());
        return new NDList(logits(inputs.get(0), inputs.get(1)));
    }

    private NDArray logits(NDArray pos, NDArray neg) {
        NDArray logits = NDArrays.concat(new NDList(pos, neg), 1);
        return logits.div(Scalars.of(logits, temperature));
    }

    /**
     * The logits' shape.
     *
     * @param inputShapes {@code [(N, 1), (N, K)]}
     * @return {@code [(N, 1 + K)]}
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkArity(inputShapes.length);
        Shape pos = inputShapes[0];
        Shape neg = inputShapes[1];
        if (pos.dimension() != 2 || neg.dimension() != 2 || pos.get(0) != neg.get(0)) {
            throw new Pretrain4jException(ContrastiveHeadFactory.NAME + " expects similarities pos (N, 1) and neg "
                    + "(N, K), got " + pos + " and " + neg);
        }
        return new Shape[] {new Shape(pos.get(0), pos.get(1) + neg.get(1))};
    }

    private static void checkArity(int count) {
        if (count != 2) {
            throw new Pretrain4jException(ContrastiveHeadFactory.NAME + " takes two inputs, the positive and the "
                    + "negative similarities; got " + count);
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape logits = getOutputShapes(inputShapes)[0];
        loss.initialize(manager, dataType, logits, loss.needsDenseTarget() ? logits : new Shape(logits.get(0)));
    }
}
