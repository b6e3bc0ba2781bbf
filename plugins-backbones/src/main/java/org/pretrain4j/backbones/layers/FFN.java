package org.pretrain4j.backbones.layers;

import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.List;

/**
 * mmcv's two-layer {@code FFN} over {@code (B, N, C)} tokens, returning the residual branch only (mmcv adds the
 * identity inside; {@link TransformerEncoderLayer} adds it outside): {@code Linear(C -> hidden)}, GELU, dropout,
 * {@code Linear(hidden -> C)}, dropout, then optional LayerScale ({@code gamma2}) and stochastic depth
 * ({@code dropout_layer}).
 *
 * <p>The children mirror mmcv's module tree, so the parameters are {@code layers.0.0.weight}/{@code bias} (first
 * Linear, inside {@code layers.0 = Sequential(Linear, GELU, Dropout)}; the GELU at {@code layers.0.1} has no
 * parameters and runs as the first Linear's activation), {@code layers.1.weight}/{@code bias} (second Linear) and
 * {@code gamma2.weight}. Both Linear layers start with PyTorch's default initialisation, as mmcv's; mmpretrain's
 * {@link TransformerEncoderLayer} then re-initialises them.
 */
public final class FFN extends StepsBlock {
    private final Linear fc1;
    private final Linear fc2;

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
        super(false);
        if (embedDims <= 0 || feedforwardChannels <= 0) {
            throw new IllegalArgumentException("embed_dims and feedforward_channels must be positive, got "
                    + embedDims + " and " + feedforwardChannels);
        }
        DropPath.checkRate("ffnDrop", ffnDrop);
        fc1 = TorchInit.defaults(Linear.builder().setUnits(feedforwardChannels).build(), embedDims);
        fc2 = TorchInit.defaults(Linear.builder().setUnits(embedDims).build(), feedforwardChannels);
        NamedSequence hidden = new NamedSequence()
                .add("0", fc1, Act.GELU)
                .add("2", Dropout.builder().optRate(ffnDrop).build());
        addStep("layers", new NamedSequence()
                .add("0", hidden)
                .add("1", fc2)
                .add("2", Dropout.builder().optRate(ffnDrop).build()), Act.NONE);
        if (layerScaleInitValue > 0) {
            addStep("gamma2", new LayerScale(embedDims, layerScaleInitValue), Act.NONE);
        }
        if (dropPathRate > 0) {
            addStep("dropout_layer", new DropPath(dropPathRate), Act.NONE);
        }
    }

    /**
     * The two Linear layers, for owners that initialise them their own way.
     *
     * @return {@code layers.0.0} and {@code layers.1}
     */
    public List<Linear> linears() {
        return List.of(fc1, fc2);
    }
}
