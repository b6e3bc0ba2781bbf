package org.pretrain4j.backbones.layers;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * PyTorch's {@code nn.Sequential}: steps applied in order, each child keyed by its position ({@code 0}, {@code 1},
 * ...), so state-dict keys such as {@code features.3.weight} or {@code downsample_layers.0.1.bias} come out as in
 * PyTorch. DJL's {@code SequentialBlock} keys children by class name instead.
 *
 * <p>A parameter-free, shape-preserving step (an activation such as {@code Tanh}) is added as a function: it takes a
 * position, as its module does in PyTorch, but holds no child block.
 */
public final class Sequential extends AbstractBlock {
    private final List<Block> blocks = new ArrayList<>();
    private final List<UnaryOperator<NDArray>> functions = new ArrayList<>();

    /** Creates an empty sequence. */
    public Sequential() {
        super((byte) 1);
    }

    /**
     * Appends a block, keyed by its position.
     *
     * @param block the block
     * @return this
     */
    public Sequential add(Block block) {
        String key = Integer.toString(size());
        blocks.add(addChildBlock(key, requireNonNull(block, "block is null")));
        functions.add(null);
        return this;
    }

    /**
     * Appends a parameter-free step that keeps the shape of its input, e.g. {@code Activation::tanh}.
     *
     * @param function the step
     * @return this
     */
    public Sequential add(UnaryOperator<NDArray> function) {
        blocks.add(null);
        functions.add(requireNonNull(function, "function is null"));
        return this;
    }

    /**
     * The number of positions taken, blocks and functions alike.
     *
     * @return the length of the sequence
     */
    public int size() {
        return blocks.size();
    }

    /**
     * The block at a position.
     *
     * @param index the position
     * @return the block
     * @throws IllegalArgumentException if a function, not a block, sits there
     * @throws IndexOutOfBoundsException if the position is not in the sequence
     */
    public Block get(int index) {
        Block block = blocks.get(index);
        if (block == null) {
            throw new IllegalArgumentException("position " + index + " holds a function, not a block");
        }
        return block;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            x = block != null
                    ? block.forward(parameterStore, x, training)
                    : new NDList(functions.get(i).apply(x.singletonOrThrow()));
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block block : blocks) {
            if (block != null) {
                shapes = block.getOutputShapes(shapes);
            }
        }
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block block : blocks) {
            if (block != null) {
                block.initialize(manager, dataType, shapes);
                shapes = block.getOutputShapes(shapes);
            }
        }
    }
}
