package org.pretrain4j.heads.necks;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.backbones.layers.BatchNorm2d;

/**
 * mmpretrain's {@code LinearNeck}: takes the last input of the {@code NDList} (earlier stages are ignored), averages
 * its {@code gap_dim} trailing spatial axes, flattens it to {@code (N, in_channels)} and returns
 * {@code act(norm(fc(x)))} as a one-element list. Children: {@code fc} and, unless {@code norm_cfg} is null,
 * {@code norm}; the pooling and the activation hold no parameters.
 */
public final class LinearNeck extends AbstractBlock implements Neck {
    private static final byte VERSION = 1;

    private final LinearNeckConfig config;
    private final Linear fc;
    private final BatchNorm2d norm;

    /**
     * Creates the neck.
     *
     * @param config the typed config
     */
    public LinearNeck(LinearNeckConfig config) {
        super(VERSION);
        this.config = requireNonNull(config, "config is null");
        fc = addChildBlock("fc", Features.linear(config.inChannels(), config.outChannels(), true));
        norm = config.normCfg() == null ? null : addChildBlock("norm", config.normCfg().build(true));
    }

    /**
     * The config this neck was built from.
     *
     * @return the config
     */
    public LinearNeckConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray last = inputs.get(inputs.size() - 1);
        flatShape(last.getShape());
        NDList x = new NDList(Features.flatten(last, config.gapDim(), LinearNeckFactory.NAME));
        x = fc.forward(parameterStore, x, training);
        if (norm != null) {
            x = norm.forward(parameterStore, x, training);
        }
        return new NDList(config.actCfg().apply(x.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(flatShape(inputShapes[inputShapes.length - 1]).get(0), config.outChannels())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape flat = flatShape(inputShapes[inputShapes.length - 1]);
        fc.initialize(manager, dataType, flat);
        if (norm != null) {
            norm.initialize(manager, dataType, fc.getOutputShapes(new Shape[] {flat}));
        }
    }

    private Shape flatShape(Shape input) {
        return Features.flatShape(input, config.gapDim(), config.inChannels(), LinearNeckFactory.NAME);
    }
}
