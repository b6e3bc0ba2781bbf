package org.pretrain4j.backbones.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * mmcv's two-layer {@code FFN} over {@code (B, N, C)} tokens, returning the residual branch only (mmcv adds the
 * identity inside; {@link TransformerEncoderLayer} adds it outside): {@code Linear(C -> hidden)}, GELU, dropout,
 * {@code Linear(hidden -> C)}, dropout, then optional LayerScale ({@code gamma2}) and stochastic depth
 * ({@code dropout_layer}).
 *
 * <p>The children mirror mmcv's module tree, so the parameters are {@code layers.0.0.weight}/{@code bias} (first
 * Linear, inside {@code layers.0 = Sequential(Linear, GELU, Dropout)}), {@code layers.1.weight}/{@code bias} (second
 * Linear) and {@code gamma2.weight}. Both Linear layers start with PyTorch's default initialisation, as mmcv's;
 * mmpretrain's {@link TransformerEncoderLayer} then re-initialises them.
 */
public final class FFN extends AbstractBlock {
    private final Linear fc1;
    private final Linear fc2;
    private final NamedSequential layers;
    private final LayerScale gamma2;
    private final DropPath dropoutLayer;

    /**
     * Creates the block.
     *
     * @param embedDims the token size {@code C}
     * @param feedforwardChannels the hidden size
     * @param ffnDrop the dropout rate after the activation and after the second Linear
     * @param dropPathRate the stochastic-depth rate of the whole branch
     * @param layerScaleInitValue the LayerScale start value; 0 for no LayerScale
     * @throws IllegalArgumentException if a size is not positive or a rate is out of range
     */
    public FFN(int embedDims, int feedforwardChannels, float ffnDrop, float dropPathRate, float layerScaleInitValue) {
        super((byte) 1);
        if (embedDims <= 0 || feedforwardChannels <= 0) {
            throw new IllegalArgumentException("embed_dims and feedforward_channels must be positive, got "
                    + embedDims + " and " + feedforwardChannels);
        }
        OptionalSteps.checkRate("ffnDrop", ffnDrop);
        fc1 = TorchInit.defaults(Linear.builder().setUnits(feedforwardChannels).build(), embedDims);
        fc2 = TorchInit.defaults(Linear.builder().setUnits(embedDims).build(), feedforwardChannels);
        NamedSequential hidden = new NamedSequential()
                .add("0", fc1)
                .add("1", Activation.geluBlock())
                .add("2", Dropout.builder().optRate(ffnDrop).build());
        layers = addChildBlock("layers", new NamedSequential()
                .add("0", hidden)
                .add("1", fc2)
                .add("2", Dropout.builder().optRate(ffnDrop).build()));
        gamma2 = layerScaleInitValue > 0 ? addChildBlock("gamma2", new LayerScale(embedDims, layerScaleInitValue))
                : null;
        dropoutLayer = dropPathRate > 0 ? addChildBlock("dropout_layer", new DropPath(dropPathRate)) : null;
    }

    /**
     * The two Linear layers, for owners that initialise them their own way.
     *
     * @return {@code layers.0.0} and {@code layers.1}
     */
    public List<Linear> linears() {
        return List.of(fc1, fc2);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return OptionalSteps.forward(parameterStore, inputs, training, layers, gamma2, dropoutLayer);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        OptionalSteps.initialize(manager, dataType, inputShapes[0], layers, gamma2, dropoutLayer);
    }
}
