package org.pretrain4j.backbones.layers;

import static java.util.Objects.requireNonNull;

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

/**
 * PyTorch's {@code nn.Sequential} with explicit child names ({@code 0}, {@code 1}, ... or {@code pre_logits},
 * {@code head}), so that parameters nested in it get PyTorch's state-dict keys. DJL's {@code SequentialBlock} names
 * its children after their classes instead ({@code 01Linear}).
 */
public final class NamedSequential extends AbstractBlock {
    private final List<Block> blocks = new ArrayList<>();

    /** Creates an empty sequence. */
    public NamedSequential() {
        super((byte) 1);
    }

    /**
     * Appends a child.
     *
     * @param name the child's name, as in PyTorch's state dict
     * @param block the child
     * @return this
     */
    public NamedSequential add(String name, Block block) {
        blocks.add(addChildBlock(requireNonNull(name, "name is null"), requireNonNull(block, "block is null")));
        return this;
    }

    /**
     * The children, in order.
     *
     * @return an unmodifiable copy
     */
    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (Block block : blocks) {
            x = block.forward(parameterStore, x, training);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block block : blocks) {
            shapes = block.getOutputShapes(shapes);
        }
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block block : blocks) {
            block.initialize(manager, dataType, shapes);
            shapes = block.getOutputShapes(shapes);
        }
    }
}
