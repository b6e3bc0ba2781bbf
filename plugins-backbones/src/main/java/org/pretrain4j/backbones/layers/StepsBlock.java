package org.pretrain4j.backbones.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A block whose children run one after another as {@link Steps}: forward, shape inference and initialisation come
 * from the steps. {@link NamedSequence} and {@link ConvModule} are exactly that; residual blocks override the forward
 * pass to add their shortcut around the steps.
 */
public abstract class StepsBlock extends AbstractBlock {
    private final Steps steps;

    /**
     * Creates a block without steps.
     *
     * @param normEval run the batch norms among the steps in inference mode even when training
     */
    protected StepsBlock(boolean normEval) {
        super((byte) 1);
        steps = new Steps(normEval);
    }

    /**
     * Registers a child under its state-dict name and appends it to the steps.
     *
     * @param name the child's name
     * @param block the child
     * @param act the activation after it
     * @param <B> the block type
     * @return the block
     */
    protected final <B extends Block> B addStep(String name, B block, Act act) {
        return steps.add(addChildBlock(name, block), act);
    }

    /**
     * Runs the steps.
     *
     * @param parameterStore the parameter store
     * @param x the input
     * @param training whether this is a training pass
     * @return the output of the last step
     */
    protected final NDArray forwardSteps(ParameterStore parameterStore, NDArray x, boolean training) {
        return steps.forward(parameterStore, x, training);
    }

    /**
     * Runs the first steps only.
     *
     * @param parameterStore the parameter store
     * @param x the input
     * @param training whether this is a training pass
     * @param count how many steps to run
     * @return the output of step {@code count - 1} (the input when {@code count} is 0)
     */
    protected final NDArray forwardSteps(ParameterStore parameterStore, NDArray x, boolean training, int count) {
        return steps.forward(parameterStore, x, training, count);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forwardSteps(parameterStore, inputs.singletonOrThrow(), training));
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
