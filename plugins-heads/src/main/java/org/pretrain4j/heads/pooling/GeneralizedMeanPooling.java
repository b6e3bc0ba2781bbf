package org.pretrain4j.heads.pooling;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.api.model.Scalars;

/**
 * mmpretrain's {@code GeneralizedMeanPooling} neck: for every {@code (N, C, H, W)} input of the {@code NDList},
 * {@code mean_HW(clamp(x, eps)^p)^(1/p)} flattened to {@code (N, C)}, one output per input. The exponent is the
 * parameter {@code p} (shape (1), checkpoint key {@code p}), trained unless {@code p_trainable} is false.
 */
public final class GeneralizedMeanPooling extends AbstractBlock implements Neck {
    private static final byte VERSION = 1;

    private final GeneralizedMeanPoolingConfig config;
    private final Parameter p;

    /**
     * Creates the neck.
     *
     * @param config the typed config
     */
    public GeneralizedMeanPooling(GeneralizedMeanPoolingConfig config) {
        super(VERSION);
        this.config = requireNonNull(config, "config is null");
        p = addParameter(Parameter.builder().setName("p").setType(Parameter.Type.OTHER)
                .optInitializer(new ConstantInitializer((float) config.p())).optShape(new Shape(1))
                .optRequiresGrad(config.pTrainable()).build());
    }

    /**
     * The config this neck was built from.
     *
     * @return the config
     */
    public GeneralizedMeanPoolingConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList outputs = new NDList(inputs.size());
        for (NDArray x : inputs) {
            Pooling.checkRank(x.getShape(), 2, GeneralizedMeanPoolingFactory.NAME);
            NDArray exponent = parameterStore.getValue(p, x.getDevice(), training);
            NDArray base = config.clamp() ? x.maximum(Scalars.of(x, config.eps())) : x;
            // The reciprocal starts from a batch-owned one: an op on the parameter first would land in the model's
            // manager and outlive the step.
            NDArray inverse = x.getManager().ones(new Shape(1), x.getDataType(), x.getDevice()).div(exponent);
            outputs.add(Pooling.average(base.pow(exponent)).pow(inverse));
        }
        return outputs;
    }

    /** mmpretrain pools with avg_pool2d over the last two axes, so inputs are image feature maps. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return Pooling.pooledShapes(inputShapes, 2, GeneralizedMeanPoolingFactory.NAME);
    }
}
