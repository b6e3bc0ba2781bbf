package org.pretrain4j.backbones.resnet;

import static java.util.Objects.requireNonNull;

import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.List;
import org.pretrain4j.api.model.LayerDepth;
import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.BatchNormCfg;
import org.pretrain4j.backbones.layers.ConvModule;
import org.pretrain4j.backbones.layers.DropPath;
import org.pretrain4j.backbones.layers.NamedSequence;
import org.pretrain4j.backbones.layers.Pool2d;
import org.pretrain4j.backbones.layers.SELayer;
import org.pretrain4j.backbones.layers.StagedBackbone;
import org.pretrain4j.backbones.layers.Steps;

/**
 * mmpretrain's {@code ResNet} (V1b: stride on the 3x3 convolution of a bottleneck) and the classes built on it:
 * {@code ResNet_CIFAR}, {@code ResNetV1c}, {@code ResNetV1d}, {@code ResNeXt} and {@code SEResNet}. The forward pass
 * takes an image batch {@code (N, C, H, W)} and returns the outputs of the stages in
 * {@link ResNetConfig#outIndices()}, shallowest first.
 *
 * <p>Children are named as in mmpretrain: {@code conv1}, {@code bn1} (or {@code stem.0.conv}, {@code stem.0.bn}, ...
 * with {@code deep_stem}), {@code maxpool}, then {@code layer1}..{@code layer4}, each holding blocks {@code 0},
 * {@code 1}, ... with {@code conv1}, {@code bn1}, ..., {@code se_layer} (SEResNet), {@code downsample.0},
 * {@code downsample.1}.
 *
 * <p>Frozen parts ({@code frozen_stages}: the stem, then stages {@code 1..frozen_stages}) are frozen as described in
 * {@link StagedBackbone}; with {@code norm_eval} every batch norm runs in inference mode.
 */
public final class ResNet extends StagedBackbone implements LayerDepth {
    /** Channel expansion of a bottleneck block; a basic block's is 1. */
    static final int BOTTLENECK_EXPANSION = 4;

    private static final int[] DEPTHS = {18, 34, 50, 101, 152};
    /** Blocks per stage for each entry of {@link #DEPTHS}, mmpretrain's {@code arch_settings}. */
    private static final int[][] STAGE_BLOCKS = {
        {2, 2, 2, 2}, {3, 4, 6, 3}, {3, 4, 6, 3}, {3, 4, 23, 3}, {3, 8, 36, 3}
    };
    /** The smallest depth built from bottlenecks, where ResNeXt's and SEResNet's changes apply. */
    private static final int FIRST_BOTTLENECK_DEPTH = 50;

    /** The stem variant. */
    public enum Stem {
        /**
         * ImageNet stem: a 7x7 stride-2 convolution (or three 3x3 ones with {@code deep_stem}), batch norm, ReLU,
         * then 3x3 stride-2 max pooling.
         */
        IMAGENET,
        /** {@code ResNet_CIFAR}'s stem: a 3x3 stride-1 convolution, batch norm, ReLU, no pooling. */
        CIFAR
    }

    private final ResNetConfig config;
    private final int featDim;

    /**
     * Builds the network.
     *
     * @param config the validated config
     * @param stemType the stem variant
     * @throws IllegalArgumentException if the depth is unsupported, the CIFAR stem is combined with
     *     {@code deep_stem}, or grouped / SE bottlenecks are asked of a basic-block depth
     */
    public ResNet(ResNetConfig config, Stem stemType) {
        super(config.normEval());
        this.config = requireNonNull(config, "config is null");
        requireNonNull(stemType, "stemType is null");
        if (stemType == Stem.CIFAR && config.deepStem()) {
            throw new IllegalArgumentException("ResNet_CIFAR does not support deep_stem");
        }
        int[] arch = stageBlocks(config.depth());
        boolean bottleneck = config.depth() >= FIRST_BOTTLENECK_DEPTH;
        if (!bottleneck && !config.bottleneck().equals(ResNetConfig.Bottleneck.PLAIN)) {
            throw new IllegalArgumentException("depth " + config.depth() + " uses basic blocks; groups and SE layers "
                    + "need a bottleneck depth (50, 101, 152)");
        }
        int expansion = bottleneck ? BOTTLENECK_EXPANSION : 1;

        buildStem(stemType);

        // The drop-path schedule spans all blocks of the full architecture, even when fewer stages are built,
        // as in mmpretrain.
        float[] rates = DropPath.linearDecay(config.dropPathRate(), Arrays.stream(arch).sum());
        int next = 0;
        int inChannels = config.stemChannels();
        int outChannels = config.baseChannels() * expansion;
        for (int i = 0; i < config.numStages(); i++) {
            NamedSequence stage = new NamedSequence(config.normEval());
            int stride = config.strides().get(i);
            int dilation = config.dilations().get(i);
            for (int b = 0; b < arch[i]; b++) {
                int blockStride = b == 0 ? stride : 1;
                int blockIn = b == 0 ? inChannels : outChannels;
                Block shortcut = blockStride != 1 || blockIn != outChannels
                        ? downsample(outChannels, blockStride)
                        : null;
                stage.add(Integer.toString(b), bottleneck
                        ? bottleneckBlock(outChannels, blockStride, dilation, shortcut, rates[next++])
                        : new ResidualBlock(ResidualBlock.basic(outChannels, blockStride, dilation), null, shortcut,
                                rates[next++], config.normEval(), config.zeroInitResidual()));
            }
            addStage("layer" + (i + 1), stage);
            inChannels = outChannels;
            outChannels *= 2;
        }
        featDim = inChannels;
        select(config.outIndices(), Math.max(config.frozenStages(), 0), config.frozenStages() >= 0,
                config.frozenStages() >= 0);
    }

    /**
     * The depths mmpretrain's {@code arch_settings} define.
     *
     * @return 18, 34, 50, 101, 152
     */
    public static int[] depths() {
        return DEPTHS.clone();
    }

    /**
     * The depths built from bottlenecks: those of {@code ResNeXt} and {@code SEResNet}.
     *
     * @return 50, 101, 152
     */
    public static int[] bottleneckDepths() {
        return Arrays.stream(DEPTHS).filter(d -> d >= FIRST_BOTTLENECK_DEPTH).toArray();
    }

    private static int[] stageBlocks(int depth) {
        for (int i = 0; i < DEPTHS.length; i++) {
            if (DEPTHS[i] == depth) {
                return STAGE_BLOCKS[i];
            }
        }
        throw new IllegalArgumentException("invalid depth " + depth + " for resnet, expected one of "
                + Arrays.toString(DEPTHS));
    }

    private void buildStem(Stem stemType) {
        int channels = config.stemChannels();
        if (stemType == Stem.CIFAR) {
            addStem("conv1", Steps.conv(channels, 3, 1, 1, 1), Act.NONE);
            addStem("bn1", Steps.batchNorm(false), Act.RELU);
            return;
        }
        if (config.deepStem()) {
            NamedSequence deep = new NamedSequence(false);
            int[] widths = {channels / 2, channels / 2, channels};
            BatchNormCfg norm = BatchNormCfg.BN.withNormEval(config.normEval());
            for (int i = 0; i < widths.length; i++) {
                deep.add(Integer.toString(i), ConvModule.builder(widths[i]).kernel(3).stride(i == 0 ? 2 : 1)
                        .norm(norm).act(Act.RELU).build());
            }
            addStem("stem", deep, Act.NONE);
        } else {
            addStem("conv1", Steps.conv(channels, 7, 2, 3, 1), Act.NONE);
            addStem("bn1", Steps.batchNorm(false), Act.RELU);
        }
        addStem("maxpool", Pool2d.max(3, 2, 1), Act.NONE);
    }

    /** mmpretrain's {@code Bottleneck}, with ResNeXt's grouped 3x3 and SEResNet's SE layer when configured. */
    private ResidualBlock bottleneckBlock(int outChannels, int stride, int dilation, Block shortcut, float dropPath) {
        ResNetConfig.Bottleneck options = config.bottleneck();
        List<ResidualBlock.ConvSpec> convs = ResidualBlock.bottleneck(outChannels, stride, dilation,
                config.style() == ResNetConfig.Style.CAFFE, options.groups(), options.widthPerGroup(),
                config.baseChannels());
        SELayer se = options.seRatio() > 0
                ? new SELayer(outChannels, SELayer.squeezeChannels(outChannels, options.seRatio()), Act.RELU,
                        Act.SIGMOID)
                : null;
        return new ResidualBlock(convs, se, shortcut, dropPath, config.normEval(), config.zeroInitResidual());
    }

    /** mmpretrain's ResLayer shortcut: [AvgPool2d (avg_down),] 1x1 conv, BN, named 0, 1[, 2]. */
    private Block downsample(int outChannels, int stride) {
        NamedSequence shortcut = new NamedSequence(config.normEval());
        int convStride = stride;
        if (config.avgDown() && stride != 1) {
            shortcut.add("0", Pool2d.avg(stride, stride, 0, true, false));
            convStride = 1;
        }
        return shortcut.addAll(List.of(Steps.conv(outChannels, 1, convStride, 0, 1), Steps.batchNorm(false)));
    }

    /**
     * The config this network was built from.
     *
     * @return the config
     */
    public ResNetConfig config() {
        return config;
    }

    /**
     * The output channels of the last stage built, mmpretrain's {@code feat_dim}.
     *
     * @return e.g. 512 for ResNet-18, 2048 for ResNet-50
     */
    public int featDim() {
        return featDim;
    }

    /**
     * mmpretrain's {@code ResNet.get_layer_depth} count: the stem, stage 1, stage 2 in groups of {@code blk2} blocks,
     * stage 3 in groups of {@code blk3} blocks, stage 4, and the layer after the backbone.
     *
     * @return 8 for ResNet-34/50, 14 for ResNet-101, 15 for ResNet-152
     * @throws UnsupportedOperationException for ResNet-18 or fewer than three stages, which mmpretrain does not group
     */
    @Override
    public int numLayers() {
        return layerGroups()[3] + 2;
    }

    /**
     * mmpretrain's {@code ResNet.get_layer_depth}: the stem is layer 0, every block of {@code layer1} layer 1, block
     * {@code b} of {@code layer2} layer {@code 2 + b / blk2}, of {@code layer3} layer {@code 2 + N2 + b / blk3},
     * {@code layer4} layer {@code N = 2 + N2 + N3}; {@code (blk2, blk3)} is (2, 3) for ResNet-34/50/101 and (4, 4) for
     * ResNet-152, {@code N2} and {@code N3} the numbers of groups in stages 2 and 3.
     *
     * @param paramName a parameter name relative to the backbone, e.g. {@code layer2.3.conv1.weight}
     * @return its layer id
     * @throws UnsupportedOperationException as {@link #numLayers()}
     */
    @Override
    public int layerDepth(String paramName) {
        int[] groups = layerGroups();
        String[] parts = paramName.split("\\.");
        if (!parts[0].startsWith("layer") || parts.length < 3) {
            return 0;
        }
        int stage = Integer.parseInt(parts[0].substring("layer".length()));
        int block = Integer.parseInt(parts[1]);
        return switch (stage) {
            case 1 -> 1;
            case 2 -> 2 + block / groups[0];
            case 3 -> 2 + groups[2] + block / groups[1];
            default -> groups[3];
        };
    }

    /** {@code (blk2, blk3, N2, N)} of mmpretrain's {@code get_layer_depth}, from the blocks of stages 2 and 3. */
    private int[] layerGroups() {
        int[] blocks = stageBlocks(config.depth());
        int blk2;
        int blk3;
        if (config.numStages() >= 3 && blocks[1] == 4 && (blocks[2] == 6 || blocks[2] == 23)) {
            blk2 = 2;
            blk3 = 3;
        } else if (config.numStages() >= 3 && blocks[1] == 8 && blocks[2] == 36) {
            blk2 = 4;
            blk3 = 4;
        } else {
            throw new UnsupportedOperationException("layer-wise learning-rate decay groups ResNet-34/50/101/152 "
                    + "with at least 3 stages only (mmpretrain's ResNet.get_layer_depth), not ResNet-"
                    + config.depth() + " with " + config.numStages() + " stages");
        }
        int n2 = ceilDiv(blocks[1], blk2);
        return new int[] {blk2, blk3, n2, 2 + n2 + ceilDiv(blocks[2], blk3)};
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
