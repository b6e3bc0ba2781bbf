package org.pretrain4j.backbones.resnet;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * The typed config of the ResNet family ({@code ResNet}, {@code ResNet_CIFAR}, {@code ResNetV1c}, {@code ResNetV1d},
 * {@code ResNeXt}, {@code SEResNet}), with mmpretrain's keys and meanings. Instances from the factories'
 * {@code parseConfig} are validated; {@code strides} and {@code dilations} then hold exactly one value per stage.
 *
 * @param depth 18, 34, 50, 101 or 152; 18 and 34 use basic blocks, deeper nets bottlenecks
 * @param inChannels channels of the input images
 * @param stemChannels output channels of the stem
 * @param baseChannels mid channels of the first stage; stage {@code i} outputs
 *     {@code baseChannels * expansion * 2^i} channels
 * @param numStages how many of the four stages to build
 * @param strides the stride of the first block of each stage
 * @param dilations the dilation of each stage
 * @param outIndices the 0-based stages whose outputs the forward pass returns (in stage order)
 * @param style where a bottleneck puts its stride
 * @param deepStem replace the 7x7 stem convolution with three 3x3 ones (ResNetV1c/V1d)
 * @param avgDown downsample shortcuts with average pooling and a stride-1 convolution (ResNetV1d)
 * @param frozenStages freeze the stem ({@code >= 0}) and stages {@code 1..frozenStages}: no gradients, batch norms
 *     in inference mode; -1 freezes nothing
 * @param normEval run every batch norm in inference mode, keeping running statistics fixed while the affine
 *     parameters still train
 * @param zeroInitResidual start the last batch norm of each residual block with gamma 0
 * @param dropPathRate stochastic-depth rate of the deepest block, rising linearly from 0 over all blocks
 * @param bottleneck what ResNeXt and SEResNet change in the bottleneck; {@link Bottleneck#PLAIN} for ResNet
 */
public record ResNetConfig(
        int depth,
        int inChannels,
        int stemChannels,
        int baseChannels,
        int numStages,
        List<Integer> strides,
        List<Integer> dilations,
        List<Integer> outIndices,
        Style style,
        boolean deepStem,
        boolean avgDown,
        int frozenStages,
        boolean normEval,
        boolean zeroInitResidual,
        double dropPathRate,
        Bottleneck bottleneck) {

    /**
     * Copies the lists and checks for nulls.
     *
     * @param depth the depth
     * @param inChannels the input channels
     * @param stemChannels the stem channels
     * @param baseChannels the base channels
     * @param numStages the number of stages
     * @param strides the per-stage strides
     * @param dilations the per-stage dilations
     * @param outIndices the returned stages
     * @param style the bottleneck style
     * @param deepStem whether to use the deep stem
     * @param avgDown whether shortcuts average-pool
     * @param frozenStages the frozen stages
     * @param normEval whether batch norms stay in inference mode
     * @param zeroInitResidual whether last gammas start at zero
     * @param dropPathRate the stochastic-depth rate
     * @param bottleneck the bottleneck variant
     */
    public ResNetConfig {
        strides = List.copyOf(strides);
        dilations = List.copyOf(dilations);
        outIndices = List.copyOf(outIndices);
        requireNonNull(style, "style is null");
        requireNonNull(bottleneck, "bottleneck is null");
    }

    /**
     * What {@code ResNeXt} and {@code SEResNet} change in mmpretrain's bottleneck block.
     *
     * @param groups the groups of the 3x3 convolution (ResNeXt); 1 keeps ResNet's bottleneck
     * @param widthPerGroup ResNeXt's channels per group in the first stage (at {@code base_channels} = 64), so the mid
     *     channels are {@code groups * widthPerGroup * (out / 4) / base_channels}; ignored when {@code groups} is 1
     * @param seRatio the squeeze ratio of an SE layer after the last batch norm (SEResNet), 0 for none
     */
    public record Bottleneck(int groups, int widthPerGroup, int seRatio) {
        /** ResNet's own bottleneck: no groups, no SE layer. */
        public static final Bottleneck PLAIN = new Bottleneck(1, 64, 0);

        /**
         * Checks the values.
         *
         * @param groups the groups, positive
         * @param widthPerGroup the width per group, positive
         * @param seRatio the SE ratio, 0 or positive
         */
        public Bottleneck {
            if (groups < 1 || widthPerGroup < 1 || seRatio < 0) {
                throw new IllegalArgumentException("expected groups >= 1, width_per_group >= 1, se_ratio >= 0, got "
                        + groups + ", " + widthPerGroup + ", " + seRatio);
            }
        }
    }

    /** Where a bottleneck block strides; basic blocks ignore it. */
    public enum Style {
        /** Stride on the 3x3 convolution (ResNet V1b, torchvision). */
        PYTORCH,
        /** Stride on the first 1x1 convolution (the original Caffe ResNet). */
        CAFFE;

        /**
         * The spelling configs use.
         *
         * @return {@code pytorch} or {@code caffe}
         */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses the config spelling.
         *
         * @param name {@code pytorch} or {@code caffe}
         * @return the style
         * @throws IllegalArgumentException for any other name
         */
        public static Style of(String name) {
            for (Style s : values()) {
                if (s.configName().equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown style '" + name + "', expected pytorch or caffe");
        }
    }
}
