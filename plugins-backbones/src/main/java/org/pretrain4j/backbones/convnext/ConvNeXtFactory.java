package org.pretrain4j.backbones.convnext;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.backbones.layers.Act;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers {@link ConvNeXt} under mmpretrain's name {@value #NAME}. */
@AutoService(BackboneFactory.class)
@SuppressWarnings("rawtypes") // AutoService cannot name the generic service interface with its type argument.
public final class ConvNeXtFactory implements BackboneFactory<ConvNeXtConfig> {
    /** The type name. */
    public static final String NAME = "ConvNeXt";

    private static final Logger LOG = LoggerFactory.getLogger(ConvNeXtFactory.class);

    /** Creates the factory; it holds no state. */
    public ConvNeXtFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "ConvNeXt (v1, and v2 with use_grn): patchify stem, then stages of depthwise 7x7 + inverted-MLP blocks.";
    }

    @Override
    public Example example() {
        // Two tiny stages, both returned: one pooled output per stage.
        return Example.of("arch { depths = [1, 2], channels = [8, 16] }, out_indices = [0, 1], drop_path_rate = 0.1",
                new Shape(2, 3, 16, 16));
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(
                ParamDoc.optional("arch", "string or object", "tiny",
                        "One of " + String.join(", ", ConvNeXtConfig.archNames())
                                + ", or { depths = [...], channels = [...] } with one entry per stage."),
                ParamDoc.optional("in_channels", "int", "3", "Channels of the input images."),
                ParamDoc.optional("stem_patch_size", "int", "4", "Kernel size and stride of the stem convolution."),
                ParamDoc.optional("norm_cfg", "object", "{ type = LN2d, eps = 1e-6 }",
                        "Norm layers; only LN2d (LayerNorm over channels) is supported, with its eps."),
                ParamDoc.optional("act_cfg", "object", "{ type = GELU }",
                        "Activation between the pointwise layers; only GELU is supported."),
                ParamDoc.optional("linear_pw_conv", "boolean", "true",
                        "Pointwise layers as Linear on channel-last data; false (1x1 convolutions) is not supported."),
                ParamDoc.optional("use_grn", "boolean", "false",
                        "Global Response Normalization after the GELU (ConvNeXt V2; pair with layer_scale_init_value = 0)."),
                ParamDoc.optional("drop_path_rate", "double", "0.0",
                        "Stochastic-depth rate of the deepest block, rising linearly from 0 over all blocks."),
                ParamDoc.optional("layer_scale_init_value", "double", "1e-6",
                        "Initial value of each block's layer scale gamma; 0 builds no layer scale."),
                ParamDoc.optional("out_indices", "list<int>", "-1",
                        "Stages whose outputs are returned; negative values count from the last stage."),
                ParamDoc.optional("frozen_stages", "int", "0",
                        "Freeze the downsample layer and blocks of the first frozen_stages stages."),
                ParamDoc.optional("gap_before_final_norm", "boolean", "true",
                        "Average each returned stage globally before its norm{i}, returning (N, C) instead of maps."),
                ParamDoc.optional("with_cp", "boolean", "false",
                        "Gradient checkpointing in mmpretrain; it only trades memory for time, so it is ignored."));
    }

    @Override
    public ConvNeXtConfig parseConfig(ConfigView config) {
        List<Integer> depths;
        List<Integer> channels;
        if (config.has("arch") && config.unwrap().get("arch").valueType() == ConfigValueType.OBJECT) {
            ConfigView arch = config.getView("arch");
            depths = positiveList(arch, "depths");
            channels = positiveList(arch, "channels");
            arch.checkNoUnknownKeys();
            if (depths.size() != channels.size()) {
                throw config.error("arch", "depths " + depths + " and channels " + channels
                        + " must have the same length");
            }
        } else {
            String name = config.getString("arch", "tiny");
            if (!ConvNeXtConfig.ARCHS.containsKey(name)) {
                throw config.error("arch", "expected one of " + String.join(", ", ConvNeXtConfig.archNames())
                        + " or an object { depths, channels }, got '" + name + "'");
            }
            depths = ConvNeXtConfig.ARCHS.get(name).get(0);
            channels = ConvNeXtConfig.ARCHS.get(name).get(1);
        }
        int numStages = depths.size();
        int inChannels = config.checkRange("in_channels", config.getInt("in_channels", 3), 1, Integer.MAX_VALUE);
        int patch = config.checkRange("stem_patch_size", config.getInt("stem_patch_size", 4), 1, Integer.MAX_VALUE);
        double eps = normEps(config);
        checkGelu(config);
        if (!config.getBoolean("linear_pw_conv", true)) {
            throw config.error("linear_pw_conv", "only true is supported: the pointwise layers are Linear layers "
                    + "(checkpoint weights of shape (out, in)), equivalent to the 1x1 convolutions");
        }
        boolean useGrn = config.getBoolean("use_grn", false);
        double dropPathRate = config.checkRange("drop_path_rate", config.getDouble("drop_path_rate", 0.0), 0.0, 1.0);
        if (dropPathRate == 1.0) {
            throw config.error("drop_path_rate", "expected a number in [0, 1), got 1");
        }
        double layerScale = config.checkRange("layer_scale_init_value",
                config.getDouble("layer_scale_init_value", 1e-6), 0.0, Double.MAX_VALUE);
        List<Integer> outIndices = new ArrayList<>();
        for (int index : config.getIntList("out_indices", List.of(-1))) {
            int stage = index < 0 ? numStages + index : index;
            if (stage < 0 || stage >= numStages) {
                throw config.error("out_indices", "expected stage indices in [-" + numStages + ", "
                        + (numStages - 1) + "], got " + index);
            }
            outIndices.add(stage);
        }
        if (outIndices.isEmpty()) {
            throw config.error("out_indices", "expected at least one stage index");
        }
        int frozenStages = config.checkRange("frozen_stages", config.getInt("frozen_stages", 0), 0, numStages);
        boolean gap = config.getBoolean("gap_before_final_norm", true);
        if (config.getBoolean("with_cp", false)) {
            LOG.info("ConvNeXt with_cp = true is ignored: gradient checkpointing only saves memory");
        }
        return new ConvNeXtConfig(depths, channels, inChannels, patch, eps, useGrn, dropPathRate, layerScale,
                outIndices, frozenStages, gap);
    }

    @Override
    public Backbone create(ConvNeXtConfig config, BuildContext context) {
        return new ConvNeXt(config);
    }

    private static List<Integer> positiveList(ConfigView view, String key) {
        if (!view.has(key)) {
            throw view.error(key, "missing: a custom arch needs both depths and channels");
        }
        List<Integer> values = view.getIntList(key, List.of());
        if (values.isEmpty() || values.stream().anyMatch(v -> v < 1)) {
            throw view.error(key, "expected a non-empty list of positive integers, got " + values);
        }
        return values;
    }

    /** norm_cfg: ConvNeXt's norms are all LayerNorm2d; only eps may change. */
    private static double normEps(ConfigView config) {
        if (!config.has("norm_cfg")) {
            return 1e-6;
        }
        ConfigView norm = config.getView("norm_cfg");
        String type = norm.getString("type");
        if (!type.equals("LN2d")) {
            throw norm.error("type", "only LN2d is supported by ConvNeXt, got '" + type + "'");
        }
        double eps = norm.getDouble("eps", 1e-5);
        if (!(eps > 0)) {
            throw norm.error("eps", "expected a positive number, got " + eps);
        }
        norm.checkNoUnknownKeys();
        return eps;
    }

    private static void checkGelu(ConfigView config) {
        Act act = Act.read(config, "act_cfg", Act.GELU);
        if (act.kind() == Act.Kind.NONE) {
            throw config.error("act_cfg", "only GELU is supported by ConvNeXt, got null");
        }
        if (!act.equals(Act.GELU)) {
            throw config.getView("act_cfg").error("type", "only GELU is supported by ConvNeXt, got '"
                    + act.kind().typeName() + "'");
        }
    }
}
