package org.pretrain4j.backbones.convnext;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.backbones.layers.DropPath;
import org.pretrain4j.backbones.layers.LayerNorm;
import org.pretrain4j.backbones.layers.ModuleList;
import org.pretrain4j.backbones.layers.NamedSequence;

/**
 * mmpretrain's {@code ConvNeXt} backbone (v1; v2 with {@code use_grn}). The forward pass takes an image batch
 * {@code (N, C, H, W)} and returns, for each stage in {@link ConvNeXtConfig#outIndices()} (in stage order), its
 * output after {@code norm{i}}: globally averaged first, giving {@code (N, C_i)}, when
 * {@code gap_before_final_norm} is set (the default), else the normalised {@code (N, C_i, H_i, W_i)} map.
 *
 * <p>Children are named as in mmpretrain: {@code downsample_layers.0} (stem: {@code 0} patchify convolution,
 * {@code 1} LayerNorm2d), {@code downsample_layers.i} ({@code 0} LayerNorm2d, {@code 1} 2x2 stride-2 convolution),
 * {@code stages.i.j} (blocks, see {@link ConvNeXtBlock}) and {@code norm{i}} for each returned stage. With
 * {@code gap_before_final_norm}, {@code norm3} plays the part of the LayerNorm in torchvision's ConvNeXt classifier.
 *
 * <p>Convolution and Linear weights start from {@code N(0, 0.02)}, biases at zero, norms at one and zero:
 * mmpretrain's {@code init_cfg} ({@code TruncNormal} with std 0.02 and absolute bounds of +-2, which truncate
 * nothing in practice). Frozen stages ({@code frozen_stages}) have their downsample layer and blocks frozen at
 * construction and run with {@code training = false}, which turns stochastic depth off there as mmpretrain's
 * {@code eval()} does; their {@code norm{i}} still trains, as in mmpretrain.
 */
public final class ConvNeXt extends AbstractBlock implements Backbone {
    /** mmpretrain's init: {@code TruncNormal(std=0.02)} for convolutions and Linear layers. */
    private static final Initializer WEIGHT_INIT = new NormalInitializer(0.02f);

    private final ConvNeXtConfig config;
    private final ModuleList downsampleLayers;
    private final ModuleList stages;
    private final LayerNorm[] norms;

    /**
     * Builds the network.
     *
     * @param config the validated config
     * @throws IllegalArgumentException if an out index or frozen_stages is out of range
     */
    public ConvNeXt(ConvNeXtConfig config) {
        super((byte) 1);
        this.config = requireNonNull(config, "config is null");
        int numStages = config.numStages();
        float eps = (float) config.normEps();
        List<Integer> channels = config.channels();
        float[] rates = DropPath.linearDecay(config.dropPathRate(),
                config.depths().stream().mapToInt(Integer::intValue).sum());

        downsampleLayers = addChildBlock("downsample_layers", new ModuleList());
        stages = addChildBlock("stages", new ModuleList());
        int patch = config.stemPatchSize();
        downsampleLayers.add(new NamedSequence().add(conv(channels.get(0), patch, patch, 0, 1))
                .add(LayerNorm.channelFirst(eps)));
        norms = new LayerNorm[numStages];
        int next = 0;
        for (int i = 0; i < numStages; i++) {
            if (i > 0) {
                downsampleLayers.add(new NamedSequence().add(LayerNorm.channelFirst(eps))
                        .add(conv(channels.get(i), 2, 2, 0, 1)));
            }
            NamedSequence stage = new NamedSequence();
            for (int j = 0; j < config.depths().get(i); j++) {
                stage.add(new ConvNeXtBlock(channels.get(i), eps, config.useGrn(),
                        (float) config.layerScaleInitValue(), rates[next++]));
            }
            stages.add(stage);
        }
        for (int index : config.outIndices()) {
            if (index < 0 || index >= numStages) {
                throw new IllegalArgumentException("out index " + index + " is not a stage index < " + numStages);
            }
            if (norms[index] == null) {
                norms[index] = addChildBlock("norm" + index, LayerNorm.channelFirst(eps));
            }
        }
        if (config.frozenStages() < 0 || config.frozenStages() > numStages) {
            throw new IllegalArgumentException("frozen_stages must be in [0, " + numStages + "], got "
                    + config.frozenStages());
        }
        applyFreezing();
    }

    /**
     * A convolution with a bias and mmpretrain's ConvNeXt initialisation.
     *
     * @param outChannels output channels
     * @param kernel square kernel size
     * @param stride stride
     * @param padding padding on each side
     * @param groups groups (the channel count for a depthwise convolution)
     * @return the convolution
     */
    static Conv2d conv(int outChannels, int kernel, int stride, int padding, int groups) {
        Conv2d conv = Conv2d.builder()
                .setFilters(outChannels)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optGroups(groups)
                .build();
        conv.setInitializer(WEIGHT_INIT, Parameter.Type.WEIGHT);
        return conv;
    }

    /**
     * A Linear layer with a bias and mmpretrain's ConvNeXt initialisation.
     *
     * @param units output features
     * @return the layer
     */
    static Linear linear(int units) {
        Linear linear = Linear.builder().setUnits(units).build();
        linear.setInitializer(WEIGHT_INIT, Parameter.Type.WEIGHT);
        return linear;
    }

    /**
     * Freezes the downsample layers and blocks of the first {@code frozen_stages} stages, as mmpretrain's
     * {@code _freeze_stages}. The constructor calls it; call it again if something unfroze them (DJL's
     * {@code Model.newTrainer} does after loading a model).
     */
    public void applyFreezing() {
        for (int i = 0; i < config.frozenStages(); i++) {
            downsampleLayers.get(i).freezeParameters(true);
            stages.get(i).freezeParameters(true);
        }
    }

    /**
     * The config this network was built from.
     *
     * @return the config
     */
    public ConvNeXtConfig config() {
        return config;
    }

    /**
     * The channels of the last stage, the width of a classification head on top.
     *
     * @return e.g. 768 for ConvNeXt-T
     */
    public int featDim() {
        return config.channels().get(config.numStages() - 1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        NDList outputs = new NDList(config.outIndices().size());
        for (int i = 0; i < stages.size(); i++) {
            boolean stageTraining = training && i >= config.frozenStages();
            x = downsampleLayers.get(i).forward(parameterStore, x, stageTraining);
            x = stages.get(i).forward(parameterStore, x, stageTraining);
            if (norms[i] != null) {
                outputs.add(normalizeOutput(parameterStore, norms[i], x.singletonOrThrow(), training));
            }
        }
        return outputs;
    }

    private NDArray normalizeOutput(ParameterStore parameterStore, LayerNorm norm, NDArray x, boolean training) {
        if (!config.gapBeforeFinalNorm()) {
            return norm.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        }
        // The pooled (N, C) vector is already channel-last; DJL's PyTorch mean reduces one axis at a time.
        Shape s = x.getShape();
        NDArray pooled = x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2});
        return norm.normalizeLastAxis(parameterStore, pooled, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<Shape> outputs = new ArrayList<>();
        Shape shape = inputShapes[0];
        for (int i = 0; i < stages.size(); i++) {
            shape = downsampleLayers.get(i).getOutputShapes(new Shape[] {shape})[0];
            shape = stages.get(i).getOutputShapes(new Shape[] {shape})[0];
            if (norms[i] != null) {
                outputs.add(config.gapBeforeFinalNorm() ? shape.slice(0, 2) : shape);
            }
        }
        return outputs.toArray(new Shape[0]);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int n = stages.size();
        Shape[] downsampleInputs = new Shape[n];
        Shape[] stageInputs = new Shape[n];
        Shape shape = inputShapes[0];
        for (int i = 0; i < n; i++) {
            downsampleInputs[i] = shape;
            stageInputs[i] = downsampleLayers.get(i).getOutputShapes(new Shape[] {shape})[0];
            shape = stageInputs[i];
            if (norms[i] != null) {
                norms[i].initialize(manager, dataType, shape);
            }
        }
        downsampleLayers.initialize(manager, dataType, downsampleInputs);
        stages.initialize(manager, dataType, stageInputs);
    }
}
