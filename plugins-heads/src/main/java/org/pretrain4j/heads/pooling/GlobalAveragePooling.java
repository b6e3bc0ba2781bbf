package org.pretrain4j.heads.pooling;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pretrain4j.api.model.Neck;

/**
 * mmpretrain's {@code GlobalAveragePooling} neck: averages every input of the {@code NDList} over its {@code dim}
 * trailing spatial axes and flattens it to {@code (N, C)}, keeping one output per input (one per backbone stage).
 */
public class GlobalAveragePooling extends AbstractBlock implements Neck {
    private static final byte VERSION = 1;

    private final int dim;

    /**
     * Creates the neck.
     *
     * @param config the typed config
     */
    public GlobalAveragePooling(GlobalAveragePoolingConfig config) {
        super(VERSION);
        this.dim = requireNonNull(config, "config is null").dim();
    }

    /**
     * The number of spatial dimensions averaged.
     *
     * @return 1, 2 or 3
     */
    public int dim() {
        return dim;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList outputs = new NDList(inputs.size());
        for (NDArray x : inputs) {
            Pooling.checkRank(x.getShape(), dim, description());
            outputs.add(Pooling.average(x));
        }
        return outputs;
    }

    /**
     * One {@code (N, C)} per input.
     *
     * @param inputShapes the feature shapes, each of rank {@code dim + 2}
     * @return the pooled shapes
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return Pooling.pooledShapes(inputShapes, dim, description());
    }

    private String description() {
        return GlobalAveragePoolingFactory.NAME + " with dim = " + dim;
    }
}
