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
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.Scalars;
import org.pretrain4j.backbones.layers.BatchNorm2d;

/**
 * mmpretrain's {@code LatentCrossCorrelationHead} (Barlow Twins): both embeddings {@code (N, C)} go through the same
 * {@code BatchNorm1d(C, affine=False)} ({@code bn}, PyTorch's eps 1e-5 and momentum 0.1; in training its running
 * statistics update once per embedding, as in mmpretrain), and the cross-correlation matrix
 * {@code bn(a)^T bn(b) / N} {@code (C, C)} is the loss's only input ({@code CrossCorrelationLoss}). There is one
 * process here, so mmpretrain's division by the world size and its all-reduce are the identity.
 *
 * <p>{@link #loss(ParameterStore, NDArray, NDArray)} is mmpretrain's {@code loss(input, target)}. As a {@link Head}
 * the forward pass takes the two embeddings and returns the matrix, and {@link #loss(NDList, NDArray)} scores it.
 */
public final class LatentCrossCorrelationHead extends AbstractBlock implements Head {
    private static final byte VERSION = 1;
    /** PyTorch's BatchNorm1d defaults, which mmpretrain keeps. */
    private static final float EPS = 1e-5f;
    private static final float MOMENTUM = 0.1f;

    private final int inChannels;
    private final BatchNorm2d bn;
    private final Loss loss;

    /**
     * Creates the head.
     *
     * @param inChannels the embeddings' width {@code C}
     * @param loss the loss of the cross-correlation matrix alone (its {@link Loss#needsTarget()} is false)
     * @throws IllegalArgumentException if {@code inChannels < 1} or the loss takes a target
     */
    public LatentCrossCorrelationHead(int inChannels, Loss loss) {
        super(VERSION);
        if (inChannels < 1) {
            throw new IllegalArgumentException("in_channels must be positive, got " + inChannels);
        }
        if (requireNonNull(loss, "loss is null").needsTarget()) {
            throw new IllegalArgumentException(LatentCrossCorrelationHeadFactory.NAME + " passes its loss the "
                    + "cross-correlation matrix alone; " + loss.getClass().getSimpleName() + " needs a target");
        }
        this.inChannels = inChannels;
        this.bn = addChildBlock("bn", BatchNorm2d.withoutAffine(EPS, MOMENTUM));
        this.loss = addChildBlock("loss_module", loss);
    }

    /**
     * The cross-correlation matrix of two embeddings.
     *
     * @param parameterStore where parameters are read from
     * @param a the first embedding {@code (N, C)}
     * @param b the second embedding {@code (N, C)}
     * @param training whether the batch norm uses (and updates) batch statistics
     * @return {@code bn(a)^T bn(b) / N}, {@code (C, C)}
     * @throws Pretrain4jException if the embeddings are not {@code (N, in_channels)} of the same {@code N}
     */
    public NDArray crossCorrelation(ParameterStore parameterStore, NDArray a, NDArray b, boolean training) {
        Shape shape = check(a.getShape(), b.getShape());
        NDArray na = bn.forward(parameterStore, new NDList(a), training).get(0);
        NDArray nb = bn.forward(parameterStore, new NDList(b), training).get(0);
        NDArray product = na.transpose().matMul(nb);
        return product.div(Scalars.of(product, shape.get(0)));
    }

    /**
     * mmpretrain's {@code loss(input, target)}: the loss of the training-mode cross-correlation matrix.
     *
     * @param parameterStore where parameters are read from
     * @param input the first view's embedding {@code (N, C)}
     * @param target the second view's embedding {@code (N, C)}; unlike {@code LatentPredictHead}'s, not detached
     * @return the loss, a scalar
     */
    public NDArray loss(ParameterStore parameterStore, NDArray input, NDArray target) {
        return loss.loss(crossCorrelation(parameterStore, input, target, true), null, null, null);
    }

    /**
     * Scores a cross-correlation matrix from the forward pass.
     *
     * @param predictions {@code (matrix (C, C))}
     * @param target ignored: the loss is a function of the matrix alone
     * @return {@code loss}
     */
    @Override
    public LossDict loss(NDList predictions, NDArray target) {
        return new LossDict().put("loss", loss.loss(predictions.get(0), null, null, null));
    }

    /**
     * The matrix, unchanged.
     *
     * @param predictions {@code (matrix)}
     * @return {@code (matrix)}
     */
    @Override
    public NDList predict(NDList predictions) {
        return new NDList(predictions.get(0));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        checkArity(inputs.size());
        return new NDList(crossCorrelation(parameterStore, inputs.get(0), inputs.get(1), training));
    }

    /**
     * The matrix's shape.
     *
     * @param inputShapes {@code [(N, C), (N, C)]}
     * @return {@code [(C, C)]}
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkArity(inputShapes.length);
        check(inputShapes[0], inputShapes[1]);
        return new Shape[] {new Shape(inChannels, inChannels)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape matrix = getOutputShapes(inputShapes)[0];
        bn.initialize(manager, dataType, inputShapes[0]);
        loss.initialize(manager, dataType, matrix);
    }

    private Shape check(Shape a, Shape b) {
        if (a.dimension() != 2 || a.get(1) != inChannels || !a.equals(b)) {
            throw new Pretrain4jException(LatentCrossCorrelationHeadFactory.NAME + " expects two embeddings (N, "
                    + inChannels + ") (in_channels = " + inChannels + "), got " + a + " and " + b);
        }
        return a;
    }

    private static void checkArity(int count) {
        if (count != 2) {
            throw new Pretrain4jException(LatentCrossCorrelationHeadFactory.NAME + " takes two embeddings, got "
                    + count);
        }
    }
}
