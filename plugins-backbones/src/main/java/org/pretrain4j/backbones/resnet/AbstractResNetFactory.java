package org.pretrain4j.backbones.resnet;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Backbone;

/**
 * What the ResNet family's factories share: the keys, their validation and the construction. The members differ in
 * the stem, in {@code deep_stem} / {@code avg_down} being fixed (ResNetV1c/V1d), and in the bottleneck (ResNeXt,
 * SEResNet), which subclasses state through the constructor and the {@code bottleneck*} hooks.
 */
abstract class AbstractResNetFactory implements BackboneFactory<ResNetConfig> {
    private final String typeName;
    private final String summary;
    private final ResNet.Stem stem;
    private final FixedStem fixed;

    /**
     * {@code deep_stem} and {@code avg_down} as fixed by a type (mmpretrain's ResNetV1c/V1d pass them to
     * {@code ResNet.__init__} themselves, so giving them again is a {@code TypeError} there).
     *
     * @param deepStem the fixed {@code deep_stem}
     * @param avgDown the fixed {@code avg_down}
     */
    record FixedStem(boolean deepStem, boolean avgDown) {}

    AbstractResNetFactory(String typeName, String summary, ResNet.Stem stem) {
        this(typeName, summary, stem, null);
    }

    AbstractResNetFactory(String typeName, String summary, ResNet.Stem stem, FixedStem fixed) {
        this.typeName = requireNonNull(typeName, "typeName is null");
        this.summary = requireNonNull(summary, "summary is null");
        this.stem = requireNonNull(stem, "stem is null");
        this.fixed = fixed;
    }

    /**
     * The depths this type accepts.
     *
     * @return ResNet's depths by default
     */
    int[] depths() {
        return ResNet.depths();
    }

    /**
     * The documentation of the keys {@link #parseBottleneck} reads.
     *
     * @return none by default
     */
    List<ParamDoc> bottleneckParameters() {
        return List.of();
    }

    /**
     * Reads the bottleneck variant.
     *
     * @param config the config
     * @return ResNet's plain bottleneck by default
     */
    ResNetConfig.Bottleneck parseBottleneck(ConfigView config) {
        return ResNetConfig.Bottleneck.PLAIN;
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
        List<ParamDoc> docs = new ArrayList<>();
        docs.add(ParamDoc.required("depth", "int", depths()[0] < 50
                ? "Network depth: 18 or 34 (basic blocks), 50, 101 or 152 (bottlenecks)."
                : "Network depth: " + Arrays.stream(depths()).mapToObj(Integer::toString)
                        .collect(Collectors.joining(", ")) + "."));
        docs.addAll(bottleneckParameters());
        docs.addAll(List.of(
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
                        "pytorch: a bottleneck strides its 3x3 convolution; caffe: its first 1x1.")));
        if (fixed == null) {
            docs.add(stem == ResNet.Stem.CIFAR
                    ? ParamDoc.optional("deep_stem", "boolean", "false",
                            "Not supported by ResNet_CIFAR, whose stem is one 3x3 convolution; must be false.")
                    : ParamDoc.optional("deep_stem", "boolean", "false",
                            "Replace the 7x7 stem convolution with three 3x3 ones (ResNetV1c/V1d)."));
            docs.add(ParamDoc.optional("avg_down", "boolean", "false",
                    "Downsample shortcuts with average pooling and a stride-1 1x1 convolution (ResNetV1d)."));
        }
        docs.addAll(List.of(
                ParamDoc.optional("frozen_stages", "int", "-1",
                        "Freeze the stem (>= 0) and stages 1..frozen_stages: no gradients, batch norms in eval mode."),
                ParamDoc.optional("norm_eval", "boolean", "false",
                        "Run every batch norm in eval mode: running statistics stay fixed; gamma and beta train."),
                ParamDoc.optional("zero_init_residual", "boolean", "true",
                        "Start the last batch norm of each residual block with gamma 0."),
                ParamDoc.optional("drop_path_rate", "double", "0.0",
                        "Stochastic-depth rate of the deepest block, rising linearly from 0 over all blocks.")));
        return docs;
    }

    @Override
    public ResNetConfig parseConfig(ConfigView config) {
        int depth = config.checkOneOf("depth", config.getInt("depth"), depths());
        ResNetConfig.Bottleneck bottleneck = parseBottleneck(config);
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
        boolean deepStem;
        boolean avgDown;
        if (fixed == null) {
            deepStem = config.getBoolean("deep_stem", false);
            avgDown = config.getBoolean("avg_down", false);
        } else {
            for (String key : List.of("deep_stem", "avg_down")) {
                // keys() rather than has(): has() counts as reading, and these keys are not this type's.
                if (config.keys().contains(key)) {
                    throw config.error(key, typeName + " fixes deep_stem = " + fixed.deepStem() + " and avg_down = "
                            + fixed.avgDown() + "; remove the key, or use type = ResNet to choose them");
                }
            }
            deepStem = fixed.deepStem();
            avgDown = fixed.avgDown();
        }
        if (deepStem && stem == ResNet.Stem.CIFAR) {
            throw config.error("deep_stem", "ResNet_CIFAR does not support deep_stem; its stem is a 3x3 convolution");
        }
        if (deepStem && stemChannels < 2) {
            throw config.error("stem_channels", "deep_stem needs stem_channels >= 2, got " + stemChannels);
        }
        int frozenStages = config.checkRange("frozen_stages", config.getInt("frozen_stages", -1), -1, numStages);
        boolean normEval = config.getBoolean("norm_eval", false);
        boolean zeroInitResidual = config.getBoolean("zero_init_residual", true);
        double dropPathRate = config.checkRange("drop_path_rate", config.getDouble("drop_path_rate", 0.0), 0.0, 1.0);
        if (dropPathRate == 1.0) {
            // The deepest block would be dropped always and its survivors scaled by 1/0.
            throw config.error("drop_path_rate", "expected a number in [0, 1), got 1");
        }
        return new ResNetConfig(depth, inChannels, stemChannels, baseChannels, numStages, strides, dilations,
                outIndices, style, deepStem, avgDown, frozenStages, normEval, zeroInitResidual, dropPathRate,
                bottleneck);
    }

    @Override
    public Backbone create(ResNetConfig config, BuildContext context) {
        return new ResNet(config, stem);
    }

    /**
     * Reads an optional positive integer.
     *
     * @param config the config
     * @param key the key
     * @param defaultValue the value when absent
     * @return the value
     */
    static int positive(ConfigView config, String key, int defaultValue) {
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
