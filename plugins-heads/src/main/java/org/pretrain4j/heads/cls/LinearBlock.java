package org.pretrain4j.heads.cls;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.BatchNormCfg;
import org.pretrain4j.backbones.layers.TorchInit;

/**
 * mmpretrain's {@code LinearBlock} of {@link StackedLinearClsHead}: {@code fc}, then an optional {@code norm},
 * activation and dropout. Only {@code fc} and {@code norm} have parameters, so only they are child blocks
 * ({@code layers.0.fc.weight}, {@code layers.0.norm.running_mean}); activation and dropout are functions.
 *
 * <p>{@code fc} is initialised as PyTorch's {@code nn.Linear} is by default (mmpretrain's head sets no
 * {@code init_cfg} of its own): weight and bias uniform in {@code ±1/sqrt(in)}.
 */
final class LinearBlock extends AbstractBlock {
    private final Linear fc;
    private final Block norm;
    private final Act act;
    private final float dropoutRate;
    private final int outChannels;

    /**
     * Creates the block.
     *
     * @param inChannels the input size
     * @param outChannels the output size
     * @param dropoutRate the dropout probability after the activation, 0 for none
     * @param norm the normalisation after {@code fc}, or null
     * @param act the activation after the normalisation ({@link Act#NONE} for none)
     */
    LinearBlock(int inChannels, int outChannels, float dropoutRate, BatchNormCfg norm, Act act) {
        super((byte) 1);
        this.fc = addChildBlock("fc", TorchInit.defaults(Linear.builder().setUnits(outChannels).build(), inChannels));
        this.norm = norm == null ? null : addChildBlock("norm", norm.build(true));
        this.act = act;
        this.dropoutRate = dropoutRate;
        this.outChannels = outChannels;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = fc.forward(parameterStore, inputs, training);
        if (norm != null) {
            x = norm.forward(parameterStore, x, training);
        }
        NDArray y = act.apply(x.singletonOrThrow());
        return dropoutRate > 0 ? Dropout.dropout(y, dropoutRate, training) : new NDList(y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(outChannels)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        fc.initialize(manager, dataType, inputShapes);
        if (norm != null) {
            norm.initialize(manager, dataType, fc.getOutputShapes(inputShapes));
        }
    }
}
