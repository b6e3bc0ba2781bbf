package org.pretrain4j.backbones.resnet;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.Sequential} with explicit child names ({@code 0}, {@code 1}, ... or {@code conv}, {@code bn}),
 * unlike DJL's {@code SequentialBlock}, which names children after their classes. Used for a stage
 * ({@code layerN}), a shortcut ({@code downsample}), the deep stem and its {@code ConvModule}s.
 */
final class NamedSequence extends AbstractBlock {
    private final Steps steps;

    /**
     * Creates an empty sequence.
     *
     * @param normEval run the batch norms directly inside this sequence in inference mode
     */
    NamedSequence(boolean normEval) {
        super((byte) 1);
        steps = new Steps(normEval);
    }

    /**
     * Appends a child.
     *
     * @param name the child's name, as in mmpretrain's state dict
     * @param block the child
     * @param relu apply a ReLU after it
     * @return this
     */
    NamedSequence add(String name, Block block, boolean relu) {
        steps.add(addChildBlock(name, block), relu);
        return this;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(steps.forward(parameterStore, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {steps.outputShape(inputShapes[0])};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        steps.initialize(manager, dataType, inputShapes[0]);
    }
}
