package com.example.pretrain4j.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Neck;

/**
 * A neck that takes the maximum of every feature map over its spatial positions: each {@code (N, C, H, W)} input
 * becomes one {@code (N, C)} output, one per backbone stage, like mmpretrain's {@code GlobalAveragePooling} with max
 * in place of mean. It has no parameters.
 */
// tag::neck[]
public final class GlobalMaxPooling extends AbstractBlock implements Neck {
    /** Creates the neck. */
    public GlobalMaxPooling() {
        super((byte) 1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList outputs = new NDList(inputs.size());
        for (NDArray x : inputs) {
            Shape shape = checkRank(x.getShape());
            // One reduction over the flattened spatial positions: (N, C, H, W) -> (N, C, H*W) -> (N, C).
            outputs.add(x.reshape(shape.get(0), shape.get(1), -1).max(new int[] {2}));
        }
        return outputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[inputShapes.length];
        for (int i = 0; i < inputShapes.length; i++) {
            out[i] = checkRank(inputShapes[i]).slice(0, 2);
        }
        return out;
    }

    /** Another rank would pool the wrong axes silently. */
    private static Shape checkRank(Shape shape) {
        if (shape.dimension() != 4) {
            throw new Pretrain4jException(GlobalMaxPoolingFactory.NAME + " expects feature maps (N, C, H, W), got "
                    + shape);
        }
        return shape;
    }
}
// end::neck[]
