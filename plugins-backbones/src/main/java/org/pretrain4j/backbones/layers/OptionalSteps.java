package org.pretrain4j.backbones.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * Runs and initialises shape-preserving blocks that a layer may or may not have, such as the LayerScale and DropPath
 * closing a residual branch (mmpretrain builds {@code nn.Identity} where we keep null), and checks dropout rates.
 */
final class OptionalSteps {
    private OptionalSteps() {}

    /**
     * Applies the non-null blocks in order.
     *
     * @param parameterStore where parameters are read from
     * @param x the input
     * @param training whether this is a training pass
     * @param blocks the blocks, null for absent ones
     * @return the output
     */
    static NDList forward(ParameterStore parameterStore, NDList x, boolean training, Block... blocks) {
        NDList out = x;
        for (Block block : blocks) {
            if (block != null) {
                out = block.forward(parameterStore, out, training);
            }
        }
        return out;
    }

    /**
     * Initialises the non-null blocks, all of which see the same input shape.
     *
     * @param manager the manager parameters are created in
     * @param dataType the parameters' data type
     * @param shape the input shape
     * @param blocks the blocks, null for absent ones
     */
    static void initialize(NDManager manager, DataType dataType, Shape shape, Block... blocks) {
        for (Block block : blocks) {
            if (block != null) {
                block.initialize(manager, dataType, shape);
            }
        }
    }

    /**
     * Checks a dropout or drop-path rate.
     *
     * @param name the rate's name, for the message
     * @param rate the rate
     * @return the rate
     * @throws IllegalArgumentException if it is not in {@code [0, 1)}
     */
    static float checkRate(String name, float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + rate);
        }
        return rate;
    }
}
