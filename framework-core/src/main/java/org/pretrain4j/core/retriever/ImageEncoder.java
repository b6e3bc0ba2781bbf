package org.pretrain4j.core.retriever;

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
 * mmpretrain's list-built {@code image_encoder}: components run in sequence, each taking the previous one's
 * {@code NDList} (a backbone first, then necks), like the {@code nn.Sequential} that {@code MODELS.build} makes of a
 * list. Children are named {@code 0}, {@code 1}, ..., so checkpoint keys read {@code image_encoder.0.conv1.weight}.
 */
public final class ImageEncoder extends AbstractBlock {
    private final List<Block> components;

    /**
     * Chains components.
     *
     * @param components at least one block; the first takes the image batch
     */
    public ImageEncoder(List<? extends Block> components) {
        super((byte) 1);
        if (components.isEmpty()) {
            throw new IllegalArgumentException("an image encoder needs at least one component");
        }
        List<Block> added = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            added.add(addChildBlock(Integer.toString(i), components.get(i)));
        }
        this.components = List.copyOf(added);
    }

    /**
     * The components in order.
     *
     * @return the blocks
     */
    public List<Block> components() {
        return components;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (Block b : components) {
            x = b.forward(parameterStore, x, training);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block b : components) {
            shapes = b.getOutputShapes(shapes);
        }
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block b : components) {
            b.initialize(manager, dataType, shapes);
            shapes = b.getOutputShapes(shapes);
        }
    }
}
