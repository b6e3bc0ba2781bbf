package org.pretrain4j.heads.necks;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Neck;

/**
 * mmpretrain's {@code NonLinearNeck}, the projector of SimCLR, BYOL and SimSiam: optional global average pooling,
 * flatten, then {@code fc0 → bn0} and, for each further layer {@code i}, {@code ReLU → fc{i} → bn{i}}. Hidden layers
 * map to {@code hid_channels} with a bias when {@code with_bias}; the last maps to {@code out_channels} with a bias
 * when {@code with_last_bias}, and its batch norm exists only with {@code with_last_bn} (affine only with
 * {@code with_last_bn_affine}). As in mmpretrain, {@code bn0} always exists, and with {@code num_layers = 1} the only
 * layer {@code fc0} maps to {@code hid_channels}. The input must be a one-element {@code NDList}; the output is one.
 */
public final class NonLinearNeck extends AbstractBlock implements Neck {
    private static final byte VERSION = 1;

    private final NonLinearNeckConfig config;
    private final List<Linear> fcs = new ArrayList<>();
    private final List<Block> bns = new ArrayList<>();

    /**
     * Creates the neck.
     *
     * @param config the typed config
     */
    public NonLinearNeck(NonLinearNeckConfig config) {
        super(VERSION);
        this.config = requireNonNull(config, "config is null");
        int hid = config.hidChannels();
        fcs.add(addChildBlock("fc0", Features.linear(config.inChannels(), hid, config.withBias())));
        bns.add(addChildBlock("bn0", config.normCfg().build(true)));
        for (int i = 1; i < config.numLayers(); i++) {
            boolean last = i == config.numLayers() - 1;
            fcs.add(addChildBlock("fc" + i, Features.linear(hid, last ? config.outChannels() : hid,
                    last ? config.withLastBias() : config.withBias())));
            boolean bn = !last || config.withLastBn();
            bns.add(bn ? addChildBlock("bn" + i, config.normCfg().build(!last || config.withLastBnAffine())) : null);
        }
    }

    /**
     * The config this neck was built from.
     *
     * @return the config
     */
    public NonLinearNeckConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        checkSingle(inputs.size());
        NDArray in = inputs.singletonOrThrow();
        flatShape(in.getShape());
        NDList x = new NDList(Features.flatten(in, pooledDims(), NonLinearNeckFactory.NAME));
        for (int i = 0; i < fcs.size(); i++) {
            if (i > 0) {
                x = new NDList(Activation.relu(x.singletonOrThrow()));
            }
            x = fcs.get(i).forward(parameterStore, x, training);
            if (bns.get(i) != null) {
                x = bns.get(i).forward(parameterStore, x, training);
            }
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkSingle(inputShapes.length);
        Shape shape = flatShape(inputShapes[0]);
        for (Linear fc : fcs) {
            shape = fc.getOutputShapes(new Shape[] {shape})[0];
        }
        return new Shape[] {shape};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkSingle(inputShapes.length);
        Shape shape = flatShape(inputShapes[0]);
        for (int i = 0; i < fcs.size(); i++) {
            fcs.get(i).initialize(manager, dataType, shape);
            shape = fcs.get(i).getOutputShapes(new Shape[] {shape})[0];
            if (bns.get(i) != null) {
                bns.get(i).initialize(manager, dataType, shape);
            }
        }
    }

    /** With pooling, mmpretrain's AdaptiveAvgPool2d needs an (N, C, H, W) map; without, any shape is flattened. */
    private int pooledDims() {
        return config.withAvgPool() ? 2 : 0;
    }

    private Shape flatShape(Shape input) {
        return Features.flatShape(input, pooledDims(), config.inChannels(), NonLinearNeckFactory.NAME);
    }

    private static void checkSingle(int inputs) {
        if (inputs != 1) {
            throw new Pretrain4jException(NonLinearNeckFactory.NAME + " takes exactly one feature input (mmpretrain "
                    + "asserts len(x) == 1), got " + inputs + "; return one stage from the backbone");
        }
    }
}
