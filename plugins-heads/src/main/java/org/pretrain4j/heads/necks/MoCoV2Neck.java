package org.pretrain4j.heads.necks;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.NamedSequence;

/**
 * mmpretrain's {@code MoCoV2Neck}, MoCo v2's projection: optional global average pooling, flatten, then
 * {@code mlp = Sequential(Linear(in, hid), ReLU, Linear(hid, out))}, both Linear layers with a bias, so checkpoint
 * keys read {@code mlp.0.weight} and {@code mlp.2.bias} as in PyTorch (the ReLU holds position 1). Unlike
 * {@code NonLinearNeck} it has no batch norm. The input must be a one-element {@code NDList}; the output is one
 * {@code (N, out)} array.
 */
public final class MoCoV2Neck extends AbstractBlock implements Neck {
    private static final byte VERSION = 1;

    private final MoCoV2NeckConfig config;
    private final NamedSequence mlp;

    /**
     * Creates the neck.
     *
     * @param config the typed config
     */
    public MoCoV2Neck(MoCoV2NeckConfig config) {
        super(VERSION);
        this.config = requireNonNull(config, "config is null");
        // PyTorch's Sequential(Linear, ReLU, Linear) numbers the ReLU 1, so the Linear layers are 0 and 2.
        mlp = addChildBlock("mlp", new NamedSequence()
                .add("0", Features.linear(config.inChannels(), config.hidChannels(), true), Act.RELU)
                .add("2", Features.linear(config.hidChannels(), config.outChannels(), true)));
    }

    /**
     * The config this neck was built from.
     *
     * @return the config
     */
    public MoCoV2NeckConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        Features.checkSingle(inputs.size(), MoCoV2NeckFactory.NAME);
        flatShape(inputs.get(0).getShape());
        NDList x = new NDList(Features.flatten(inputs.get(0), pooledDims(), MoCoV2NeckFactory.NAME));
        return mlp.forward(parameterStore, x, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Features.checkSingle(inputShapes.length, MoCoV2NeckFactory.NAME);
        return mlp.getOutputShapes(new Shape[] {flatShape(inputShapes[0])});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Features.checkSingle(inputShapes.length, MoCoV2NeckFactory.NAME);
        mlp.initialize(manager, dataType, flatShape(inputShapes[0]));
    }

    /** With pooling, mmpretrain's AdaptiveAvgPool2d needs an (N, C, H, W) map; without, any shape is flattened. */
    private int pooledDims() {
        return config.withAvgPool() ? 2 : 0;
    }

    private Shape flatShape(Shape input) {
        return Features.flatShape(input, pooledDims(), config.inChannels(), MoCoV2NeckFactory.NAME);
    }
}
