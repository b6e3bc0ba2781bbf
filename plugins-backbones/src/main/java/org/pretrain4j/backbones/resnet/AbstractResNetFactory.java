package org.pretrain4j.backbones.resnet;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Backbone;

/**
 * What {@code ResNet} and {@code ResNet_CIFAR} share: the keys, their validation and the construction. The two
 * differ only in the stem, which the subclass names.
 */
abstract class AbstractResNetFactory implements BackboneFactory<ResNetConfig> {
    private final String typeName;
    private final String summary;
    private final ResNet.Stem stem;

    AbstractResNetFactory(String typeName, String summary, ResNet.Stem stem) {
        this.typeName = requireNonNull(typeName, "typeName is null");
        this.summary = requireNonNull(summary, "summary is null");
        this.stem = requireNonNull(stem, "stem is null");
    }

    @Override
    public String typeName() {
        return typeName;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public Example example() {
        // Every stage returned; the CIFAR stem keeps full resolution, so it gets the smaller images.
        return Example.of("depth = 18, stem_channels = 8, base_channels = 8, out_indices = [0, 1, 2, 3]",
                stem == ResNet.Stem.CIFAR ? new Shape(2, 3, 16, 16) : new Shape(2, 3, 32, 32));
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(
                ParamDoc.required("depth", "int",
                        "Network depth: 18 or 34 (basic blocks), 50, 101 or 152 (bottlenecks)."),
                ParamDoc.optional("in_channels", "int", "3", "Channels of the input images."),
                ParamDoc.optional("stem_channels", "int", "64", "Output channels of the stem."),
                ParamDoc.optional("base_channels", "int", "64",
                        "Mid channels of the first stage; stage i outputs base_channels * expansion * 2^i."),
                ParamDoc.optional("num_stages", "int", "4", "How many stages to build, 1 to 4."),
                ParamDoc.optional("strides", "list<int>", "[1, 2, 2, 2]",
                        "Stride of the first block of each stage; at least num_stages values."),
                ParamDoc.optional("dilations", "list<int>", "[1, 1, 1, 1]",
                        "Dilation of each stage; at least num_stages values."),
                ParamDoc.optional("out_indices", "list<int>", "[3]",
                        "0-based stages whose outputs are returned, each < num_stages."),
                ParamDoc.optional("style", "string", "pytorch",
                        "pytorch: a bottleneck strides its 3x3 convolution; caffe: its first 1x1."),
                stem == ResNet.Stem.CIFAR
                        ? ParamDoc.optional("deep_stem", "boolean", "false",
                                "Not supported by ResNet_CIFAR, whose stem is one 3x3 convolution; must be false.")
                        : ParamDoc.optional("deep_stem", "boolean", "false",
                                "Replace the 7x7 stem convolution with three 3x3 ones (ResNetV1c/V1d)."),
                ParamDoc.optional("avg_down", "boolean", "false",
                        "Downsample shortcuts with average pooling and a stride-1 1x1 convolution (ResNetV1d)."),
                ParamDoc.optional("frozen_stages", "int", "-1",
                        "Freeze the stem (>= 0) and stages 1..frozen_stages: no gradients, batch norms in eval mode."),
                ParamDoc.optional("norm_eval", "boolean", "false",
                        "Run every batch norm in eval mode: running statistics stay fixed; gamma and beta train."),
                ParamDoc.optional("zero_init_residual", "boolean", "true",
                        "Start the last batch norm of each residual block with gamma 0."),
                ParamDoc.optional("drop_path_rate", "double", "0.0",
                        "Stochastic-depth rate of the deepest block, rising linearly from 0 over all blocks."));
    }

    @Override
    public ResNetConfig parseConfig(ConfigView config) {
        int depth = config.checkOneOf("depth", config.getInt("depth"), ResNet.depths());
        int inChannels = positive(config, "in_channels", 3);
        int stemChannels = positive(config, "stem_channels", 64);
        int baseChannels = positive(config, "base_channels", 64);
        int numStages = config.checkRange("num_stages", config.getInt("num_stages", 4), 1, 4);
        List<Integer> strides = perStage(config, "strides", List.of(1, 2, 2, 2), numStages);
        List<Integer> dilations = perStage(config, "dilations", List.of(1, 1, 1, 1), numStages);
        List<Integer> outIndices = config.getIntList("out_indices", List.of(3));
        if (outIndices.isEmpty()) {
            throw config.error("out_indices", "expected at least one stage index");
        }
        for (int index : outIndices) {
            if (index < 0 || index >= numStages) {
                throw config.error("out_indices", "expected stage indices in [0, " + (numStages - 1)
                        + "] (each < num_stages = " + numStages + "), got " + index);
            }
        }
        ResNetConfig.Style style = ResNetConfig.Style.of(config.getEnum("style", "pytorch", "pytorch", "caffe"));
        boolean deepStem = config.getBoolean("deep_stem", false);
        if (deepStem && stem == ResNet.Stem.CIFAR) {
            throw config.error("deep_stem", "ResNet_CIFAR does not support deep_stem; its stem is a 3x3 convolution");
        }
        if (deepStem && stemChannels < 2) {
            throw config.error("stem_channels", "deep_stem needs stem_channels >= 2, got " + stemChannels);
        }
        boolean avgDown = config.getBoolean("avg_down", false);
        int frozenStages = config.checkRange("frozen_stages", config.getInt("frozen_stages", -1), -1, numStages);
        boolean normEval = config.getBoolean("norm_eval", false);
        boolean zeroInitResidual = config.getBoolean("zero_init_residual", true);
        double dropPathRate = config.checkRange("drop_path_rate", config.getDouble("drop_path_rate", 0.0), 0.0, 1.0);
        if (dropPathRate == 1.0) {
            // The deepest block would be dropped always and its survivors scaled by 1/0.
            throw config.error("drop_path_rate", "expected a number in [0, 1), got 1");
        }
        return new ResNetConfig(depth, inChannels, stemChannels, baseChannels, numStages, strides, dilations,
                outIndices, style, deepStem, avgDown, frozenStages, normEval, zeroInitResidual, dropPathRate);
    }

    @Override
    public Backbone create(ResNetConfig config, BuildContext context) {
        return new ResNet(config, stem);
    }

    private static int positive(ConfigView config, String key, int defaultValue) {
        return config.checkRange(key, config.getInt(key, defaultValue), 1, Integer.MAX_VALUE);
    }

    /** Reads a per-stage list; mmpretrain asserts one value per stage, we use the first num_stages values. */
    private static List<Integer> perStage(ConfigView config, String key, List<Integer> defaultValue, int numStages) {
        List<Integer> values = config.getIntList(key, defaultValue);
        if (values.size() < numStages) {
            throw config.error(key, "expected at least num_stages = " + numStages + " values, got " + values.size());
        }
        for (int v : values) {
            if (v < 1) {
                throw config.error(key, "expected positive integers, got " + v);
            }
        }
        return List.copyOf(values.subList(0, numStages));
    }
}
