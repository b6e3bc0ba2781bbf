package org.pretrain4j.api.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Convenience base for parameter-free losses: it maps the block forward pass
 * {@code (prediction, target[, weight])} onto {@link #loss} so that a loss only implements the arithmetic.
 */
public abstract class AbstractLoss extends AbstractBlock implements Loss {
    /** Creates the block with version 1. */
    protected AbstractLoss() {
        super((byte) 1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(loss(inputs.get(0), inputs.get(1), inputs.size() > 2 ? inputs.get(2) : null, null));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape()};
    }
}
