package org.pretrain4j.heads.necks;

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
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.backbones.layers.BatchNorm2d;

/**
 * mmpretrain's {@code ClsBatchNormNeck} (MAE linear probing): one {@code BatchNorm1d(input_features, affine, eps)},
 * the child {@code bn} (checkpoint keys {@code bn.running_mean}, {@code bn.running_var}, and {@code bn.weight},
 * {@code bn.bias} when affine), applied to every {@code (N, C)} input of the {@code NDList}. Momentum is PyTorch's
 * default, 0.1.
 */
public final class ClsBatchNormNeck extends AbstractBlock implements Neck {
    private static final byte VERSION = 1;
    private static final float MOMENTUM = 0.1f;

    private final ClsBatchNormNeckConfig config;
    private final BatchNorm2d bn;

    /**
     * Creates the neck.
     *
     * @param config the typed config
     */
    public ClsBatchNormNeck(ClsBatchNormNeckConfig config) {
        super(VERSION);
        this.config = requireNonNull(config, "config is null");
        float eps = (float) config.eps();
        bn = addChildBlock("bn", config.affine() ? new BatchNorm2d(eps, MOMENTUM, false)
                : BatchNorm2d.withoutAffine(eps, MOMENTUM));
    }

    /**
     * The config this neck was built from.
     *
     * @return the config
     */
    public ClsBatchNormNeckConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList outputs = new NDList(inputs.size());
        for (NDArray x : inputs) {
            check(x.getShape());
            outputs.addAll(bn.forward(parameterStore, new NDList(x), training));
        }
        return outputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        for (Shape s : inputShapes) {
            check(s);
        }
        return inputShapes.clone();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        check(inputShapes[0]);
        bn.initialize(manager, dataType, inputShapes[0]);
    }

    /** One norm serves every input, so each must have the configured width. */
    private void check(Shape shape) {
        if (shape.dimension() != 2 || shape.get(1) != config.inputFeatures()) {
            throw new Pretrain4jException(ClsBatchNormNeckFactory.NAME + " expects inputs (N, "
                    + config.inputFeatures() + ") (input_features = " + config.inputFeatures() + "), got shape "
                    + shape);
        }
    }
}
