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
 * PyTorch's {@code nn.ModuleList}: blocks keyed by position ({@code stages.0}, {@code stages.1}, ...) that the owner
 * calls one by one, often interleaved with the elements of another list (ConvNeXt's {@code downsample_layers} and
 * {@code stages}). It is not a pipeline: element {@code i} maps input {@code i} of the {@code NDList}, and it is
 * initialised with one input shape per element, which the owner works out in its own order.
 */
public final class ModuleList extends AbstractBlock {
    private final List<Block> elements = new ArrayList<>();

    /** Creates an empty list. */
    public ModuleList() {
        super((byte) 1);
    }

    /**
     * Appends a block, keyed by its position.
     *
     * @param block the block
     * @return this
     */
    public ModuleList add(Block block) {
        elements.add(addChildBlock(Integer.toString(elements.size()), requireNonNull(block, "block is null")));
        return this;
    }

    /**
     * The element at a position.
     *
     * @param index the position
     * @return the block
     */
    public Block get(int index) {
        return elements.get(index);
    }

    /**
     * The number of elements.
     *
     * @return the size
     */
    public int size() {
        return elements.size();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        checkArity(inputs.size());
        NDList outputs = new NDList(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            outputs.addAll(elements.get(i).forward(parameterStore, new NDList(inputs.get(i)), training));
        }
        return outputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkArity(inputShapes.length);
        Shape[] out = new Shape[elements.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = elements.get(i).getOutputShapes(new Shape[] {inputShapes[i]})[0];
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkArity(inputShapes.length);
        for (int i = 0; i < elements.size(); i++) {
            elements.get(i).initialize(manager, dataType, inputShapes[i]);
        }
    }

    private void checkArity(int inputs) {
        if (inputs != elements.size()) {
            throw new IllegalArgumentException("a ModuleList of " + elements.size() + " blocks takes one input per "
                    + "block, got " + inputs);
        }
    }
}
