package org.pretrain4j.selfsup.beit;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import java.util.Map;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.NeckFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.Arch;
import org.pretrain4j.backbones.vit.VisionTransformerFactory;

/** Factory of {@link BEiTV2Neck}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(NeckFactory.class)
public final class BEiTV2NeckFactory implements NeckFactory<BEiTV2NeckConfig> {
    /** The type name configs use. */
    public static final String NAME = "BEiTV2Neck";

    /** mmpretrain's {@code BEiTV2Neck.arch_zoo}. */
    private static final Map<String, Arch> ZOO = Map.of(
            "b", new Arch(768, 12, 12, 3072), "base", new Arch(768, 12, 12, 3072),
            "l", new Arch(1024, 24, 16, 4096), "large", new Arch(1024, 24, 16, 4096));

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("num_layers", "int", "2", "Patch-aggregation layers on top of the early tokens."),
            ParamDoc.optional("early_layers", "int", "9", "Index of the backbone layer the early tokens come from; "
                    + "numbers the neck's layers in the stochastic-depth schedule."),
            ParamDoc.optional("backbone_arch", "string or object", "base", "The backbone's sizes: base, large (b, l) "
                    + "or { embed_dims, num_layers, num_heads, feedforward_channels }."),
            ParamDoc.optional("drop_rate", "double", "0.0", "Dropout after the attention projections and in the FFNs."),
            ParamDoc.optional("drop_path_rate", "double", "0.0", "Stochastic-depth rate at the end of a schedule over "
                    + "max(backbone layers, early_layers + num_layers) layers."),
            ParamDoc.optional("layer_scale_init_value", "double", "0.1",
                    "Start value of the layers' gamma_1/gamma_2; 0 for none."),
            ParamDoc.optional("use_rel_pos_bias", "boolean", "false", "Per-layer relative position biases; must be "
                    + "false (the layers have no window; the backbone's shared bias is passed in instead)."));

    /** Creates the factory; it holds no state. */
    public BEiTV2NeckFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "BEiT v2 patch aggregation: the last layer's class token with an early layer's patch tokens through "
                + "extra BEiT layers; returns both streams' normalised patch tokens.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("num_layers = 1, early_layers = 1, backbone_arch { embed_dims = 16, num_layers = 2, "
                + "num_heads = 2, feedforward_channels = 32 }", new Shape(2, 5, 16), new Shape(2, 5, 16));
    }

    @Override
    public BEiTV2NeckConfig parseConfig(ConfigView config) {
        int numLayers = config.checkRange("num_layers", config.getInt("num_layers", 2), 1, Integer.MAX_VALUE);
        int earlyLayers = config.checkRange("early_layers", config.getInt("early_layers", 9), 0, Integer.MAX_VALUE);
        Arch arch = VisionTransformerFactory.parseArch(config, "backbone_arch", ZOO, "base");
        double dropRate = VisionTransformerFactory.rate(config, "drop_rate");
        double dropPathRate = VisionTransformerFactory.rate(config, "drop_path_rate");
        double layerScale = config.checkRange("layer_scale_init_value",
                config.getDouble("layer_scale_init_value", 0.1), 0.0, Double.MAX_VALUE);
        if (config.getBoolean("use_rel_pos_bias", false)) {
            throw config.error("use_rel_pos_bias", "must be false: the neck's layers have no patch grid of their own "
                    + "(mmpretrain asserts the same); they use the backbone's shared relative position bias");
        }
        return new BEiTV2NeckConfig(numLayers, earlyLayers, arch, dropRate, dropPathRate, layerScale);
    }

    @Override
    public Neck create(BEiTV2NeckConfig config, BuildContext context) {
        return new BEiTV2Neck(config);
    }
}
