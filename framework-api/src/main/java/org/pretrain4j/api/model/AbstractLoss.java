package org.pretrain4j.api.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Convenience base for losses: it maps the block forward pass {@code (prediction, target[, weight])} (or
 * {@code (prediction)} for a loss without a target) onto {@link #loss} so that a loss only implements the
 * arithmetic. Most losses have no parameters; one that keeps state (e.g. {@code SeesawLoss}'s sample counts) adds it
 * as a parameter that does not require gradients, so it is initialised with the block and saved in checkpoints.
 */
public abstract class AbstractLoss extends AbstractBlock implements Loss {
    /** Creates the block with version 1. */
    protected AbstractLoss() {
        super((byte) 1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(loss(inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null,
                inputs.size() > 2 ? inputs.get(2) : null, null));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape()};
    }
}
