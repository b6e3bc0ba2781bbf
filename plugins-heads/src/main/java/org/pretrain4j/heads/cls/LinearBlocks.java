package org.pretrain4j.heads.cls;

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
 * PyTorch's {@code ModuleList} of {@link LinearBlock}s run in order, children named {@code 0}, {@code 1}, ... as
 * in mmpretrain's state dict (DJL's {@code SequentialBlock} would name them after their class).
 */
final class LinearBlocks extends AbstractBlock {
    private final List<Block> blocks;

    /**
     * Creates the sequence.
     *
     * @param blocks the blocks, in order
     */
    LinearBlocks(List<LinearBlock> blocks) {
        super((byte) 1);
        List<Block> added = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            added.add(addChildBlock(Integer.toString(i), blocks.get(i)));
        }
        this.blocks = List.copyOf(added);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (Block b : blocks) {
            x = b.forward(parameterStore, x, training);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block b : blocks) {
            shapes = b.getOutputShapes(shapes);
        }
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block b : blocks) {
            b.initialize(manager, dataType, shapes);
            shapes = b.getOutputShapes(shapes);
        }
    }
}
