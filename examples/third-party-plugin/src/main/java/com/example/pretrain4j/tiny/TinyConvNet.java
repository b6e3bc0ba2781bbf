package com.example.pretrain4j.tiny;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.model.Backbone;

/**
 * A small convolutional backbone: one {@link ConvBnRelu} stage per entry of {@code channels}, the first at stride 1
 * and every later one at stride 2. Like every backbone it returns the outputs of the stages in {@code out_indices},
 * shallowest first, so that necks and heads work with it unchanged.
 */
// tag::backbone[]
public final class TinyConvNet extends AbstractBlock implements Backbone {
    private final List<ConvBnRelu> stages = new ArrayList<>();
    private final boolean[] returned;

    /**
     * Builds the network.
     *
     * @param config the validated config
     */
    public TinyConvNet(TinyConvNetFactory.Config config) {
        super((byte) 1);
        requireNonNull(config, "config is null");
        for (int i = 0; i < config.channels().size(); i++) {
            // Child names layer1, layer2, ... become the checkpoint keys backbone.layer1.conv.weight, ...
            stages.add(addChildBlock("layer" + (i + 1), new ConvBnRelu(config.channels().get(i), i == 0 ? 1 : 2)));
        }
        returned = new boolean[stages.size()];
        config.outIndices().forEach(i -> returned[i] = true);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        NDList outputs = new NDList();
        for (int i = 0; i < stages.size(); i++) {
            x = stages.get(i).forward(parameterStore, x, training);
            if (returned[i]) {
                outputs.add(x.singletonOrThrow());
            }
        }
        return outputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<Shape> outputs = new ArrayList<>();
        Shape[] shape = inputShapes;
        for (int i = 0; i < stages.size(); i++) {
            shape = stages.get(i).getOutputShapes(shape);
            if (returned[i]) {
                outputs.add(shape[0]);
            }
        }
        return outputs.toArray(new Shape[0]);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shape = inputShapes;
        for (ConvBnRelu stage : stages) {
            stage.initialize(manager, dataType, shape);
            shape = stage.getOutputShapes(shape);
        }
    }
}
// end::backbone[]
