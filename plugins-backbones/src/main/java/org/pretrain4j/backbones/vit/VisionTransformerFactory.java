package org.pretrain4j.backbones.vit;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.config.Suggestions;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.Arch;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.OutType;

/** Registers {@link VisionTransformer} under mmpretrain's name {@value #NAME}. */
@AutoService(BackboneFactory.class)
@SuppressWarnings("rawtypes") // AutoService cannot name the generic service interface with its type argument.
public final class VisionTransformerFactory implements BackboneFactory<VisionTransformerConfig> {
    /** The type name. */
    public static final String NAME = "VisionTransformer";

    private static final List<String> ARCH_KEYS =
            List.of("embed_dims", "num_layers", "num_heads", "feedforward_channels");
    private static final List<String> INTERPOLATE_MODES = List.of("bicubic", "bilinear", "nearest");

    /** Creates the factory; it holds no state. */
    public VisionTransformerFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Vision Transformer (ViT/DeiT): patch embedding, class token, learned position embedding, "
                + "pre-norm encoder layers.";
    }

    @Override
    public Example example() {
        return Example.of("arch { embed_dims = 16, num_layers = 2, num_heads = 2, feedforward_channels = 32 }, "
                + "img_size = 16, patch_size = 8, out_indices = [0, -1]", new Shape(2, 3, 16, 16));
    }

    @Override
    public List<ParamDoc> parameters() {
        return docs(OutType.CLS_TOKEN, true, true);
    }

    /**
     * The documentation of the keys {@link #parseVariant} reads, for the factories of ViT pre-training variants.
     *
     * @param defaultOutType the variant's default {@code out_type}
     * @return the documentation, in {@code describe} order
     */
    public static List<ParamDoc> variantParameters(OutType defaultOutType) {
        return docs(defaultOutType, true, false);
    }

    /**
     * The documentation of the keys {@link #readCommon} reads, for the factories of other ViT families (BEiT's) that
     * document their own keys next to these.
     *
     * @param defaultOutType the family's default {@code out_type}
     * @param defaultFinalNorm the family's default {@code final_norm}
     * @return the documentation
     */
    public static List<ParamDoc> commonParameters(OutType defaultOutType, boolean defaultFinalNorm) {
        return docs(defaultOutType, defaultFinalNorm, false);
    }

    /** The keys in describe order; {@code full} adds those only the plain VisionTransformer has. */
    private static List<ParamDoc> docs(OutType defaultOutType, boolean defaultFinalNorm, boolean full) {
        List<ParamDoc> docs = new ArrayList<>(List.of(
                ParamDoc.optional("arch", "string or object", "base",
                        "Sizes: one of " + String.join(", ", new TreeSet<>(Arch.ZOO.keySet()))
                                + ", or { embed_dims, num_layers, num_heads, feedforward_channels }."),
                ParamDoc.optional("img_size", "int or [h, w]", "224",
                        "The image size the position embedding is made for; other sizes resize it on the fly."),
                ParamDoc.optional("patch_size", "int", "16", "Side of the square patches (kernel and stride)."),
                ParamDoc.optional("in_channels", "int", "3", "Channels of the input images."),
                ParamDoc.optional("out_indices", "list<int>", "[-1]",
                        "Layers whose outputs are returned; negative values count from the last layer."),
                ParamDoc.optional("drop_rate", "double", "0.0",
                        "Dropout after the position embedding, the attention projections and in the FFNs."),
                ParamDoc.optional("drop_path_rate", "double", "0.0",
                        "Stochastic-depth rate of the last layer, rising linearly from 0 over the layers.")));
        if (full) {
            docs.add(ParamDoc.optional("qkv_bias", "boolean", "true", "Give the qkv projections a bias."));
            docs.add(ParamDoc.optional("layer_scale_init_value", "double", "0.0",
                    "LayerScale start value of every residual branch; 0 for no LayerScale."));
        }
        docs.add(ParamDoc.optional("final_norm", "boolean", String.valueOf(defaultFinalNorm), "Apply the layer norm ln1 after the last layer."));
        if (full) {
            docs.add(ParamDoc.optional("with_cls_token", "boolean", "true",
                    "Prepend a learned class token (required by out_type = cls_token and cls_avg_featmap)."));
        }
        docs.add(ParamDoc.optional("out_type", "string", defaultOutType.configName(),
                "cls_token (B, C), featmap (B, C, h, w), avg_featmap (B, C; adds the norm ln2), raw (B, L, C), "
                + "or cls_avg_featmap (B, 2C): class token and avg_featmap concatenated, DINO's linear evaluation."));
        if (full) {
            docs.add(ParamDoc.optional("frozen_stages", "int", "-1",
                    "When positive, freeze the embeddings and layers 1..frozen_stages (and ln1 if all are)."));
        }
        docs.add(ParamDoc.optional("interpolate_mode", "string", "bicubic",
                "How the position embedding is resized to another grid: bicubic, bilinear or nearest."));
        if (full) {
            docs.add(ParamDoc.optional("pre_norm", "boolean", "false",
                    "Layer-normalise the tokens before the first layer (pre_norm) and drop the patch bias."));
        }
        return List.copyOf(docs);
    }

    @Override
    public VisionTransformerConfig parseConfig(ConfigView config) {
        Common c = readCommon(config, OutType.CLS_TOKEN, true);
        boolean qkvBias = config.getBoolean("qkv_bias", true);
        double layerScale = config.checkRange("layer_scale_init_value",
                config.getDouble("layer_scale_init_value", 0.0), 0.0, Double.MAX_VALUE);
        boolean withClsToken = config.getBoolean("with_cls_token", true);
        if (c.outType().readsClsToken() && !withClsToken) {
            throw config.error("with_cls_token", "must be true when out_type = " + c.outType().configName()
                    + "; use out_type = avg_featmap, featmap or raw for a model without class token");
        }
        int frozenStages = config.checkRange("frozen_stages", config.getInt("frozen_stages", -1), -1,
                c.arch().numLayers());
        boolean preNorm = config.getBoolean("pre_norm", false);
        return c.toConfig(qkvBias, layerScale, withClsToken, frozenStages, preNorm);
    }

    /**
     * Reads the keys that mmpretrain's ViT pre-training variants ({@code MAEViT}, {@code MaskFeatViT}) take from
     * {@code VisionTransformer}, documented by {@link #variantParameters}; the rest keep the variants' fixed
     * values: a class token, a qkv bias, no LayerScale, no frozen stages, no {@code pre_norm}.
     *
     * @param config the variant's config object
     * @param defaultOutType the variant's default {@code out_type}
     * @return the validated config
     * @throws org.pretrain4j.api.config.ConfigException for a missing, mistyped or out-of-range value
     */
    public static VisionTransformerConfig parseVariant(ConfigView config, OutType defaultOutType) {
        return readCommon(config, defaultOutType, true).toConfig(true, 0.0, true, -1, false);
    }

    /**
     * The keys every ViT factory reads, validated.
     *
     * @param arch the layer sizes
     * @param imgSize {@code [side]} or {@code [height, width]}
     * @param patchSize the patch side
     * @param inChannels the image channels
     * @param outIndices the returned layers, sorted, in {@code [0, num_layers)}
     * @param dropRate the dropout rate
     * @param dropPathRate the stochastic-depth rate
     * @param finalNorm whether to apply the final norm
     * @param outType the output type
     * @param interpolateMode the position-embedding interpolation
     */
    public record Common(Arch arch, List<Integer> imgSize, int patchSize, int inChannels, List<Integer> outIndices,
            double dropRate, double dropPathRate, boolean finalNorm, OutType outType,
            Image.Interpolation interpolateMode) {
        /**
         * The image height.
         *
         * @return the first entry of {@code img_size}
         */
        public int imgHeight() {
            return imgSize.get(0);
        }

        /**
         * The image width.
         *
         * @return the last entry of {@code img_size}
         */
        public int imgWidth() {
            return imgSize.get(imgSize.size() - 1);
        }

        VisionTransformerConfig toConfig(boolean qkvBias, double layerScale, boolean withClsToken, int frozenStages,
                boolean preNorm) {
            return new VisionTransformerConfig(arch, imgHeight(), imgWidth(), patchSize, inChannels, outIndices,
                    dropRate, dropPathRate, qkvBias, layerScale, finalNorm, withClsToken, outType, frozenStages,
                    interpolateMode, preNorm);
        }
    }

    /**
     * Reads the keys {@link #commonParameters} documents.
     *
     * @param config the component's config object
     * @param defaultOutType the family's default {@code out_type}
     * @param defaultFinalNorm the family's default {@code final_norm}
     * @return the validated values
     * @throws org.pretrain4j.api.config.ConfigException for a missing, mistyped or out-of-range value
     */
    public static Common readCommon(ConfigView config, OutType defaultOutType, boolean defaultFinalNorm) {
        Arch arch = parseArch(config);
        List<Integer> imgSize = config.getIntList("img_size", List.of(224));
        if (imgSize.size() != 1 && imgSize.size() != 2 || imgSize.stream().anyMatch(v -> v <= 0)) {
            throw config.error("img_size", "expected a positive integer or [height, width], got " + imgSize);
        }
        int patchSize = positive(config, "patch_size", 16);
        int inChannels = positive(config, "in_channels", 3);
        List<Integer> outIndices = outIndices(config, arch.numLayers());
        double dropRate = rate(config, "drop_rate");
        double dropPathRate = rate(config, "drop_path_rate");
        boolean finalNorm = config.getBoolean("final_norm", defaultFinalNorm);
        OutType outType = OutType.of(config.getEnum("out_type", defaultOutType.configName(),
                OutType.CONFIG_VALUES));
        String mode = config.getEnum("interpolate_mode", "bicubic", INTERPOLATE_MODES.toArray(new String[0]));
        return new Common(arch, imgSize, patchSize, inChannels, outIndices, dropRate, dropPathRate, finalNorm, outType,
                Image.Interpolation.valueOf(mode.toUpperCase(Locale.ROOT)));
    }

    /** A name from mmpretrain's {@code arch_zoo}, or an object with the four sizes. */
    private static Arch parseArch(ConfigView config) {
        return parseArch(config, "arch", Arch.ZOO, "base");
    }

    /**
     * Reads a transformer's sizes the way mmpretrain's {@code arch} arguments work: a name from an
     * {@code arch_zoo}, or an object with {@code embed_dims}, {@code num_layers}, {@code num_heads},
     * {@code feedforward_channels}.
     *
     * @param config the component's config object
     * @param key the key ({@code arch}, {@code backbone_arch})
     * @param zoo the named sizes, keys lower-case
     * @param defaultName the name used when the key is absent
     * @return the sizes
     * @throws org.pretrain4j.api.config.ConfigException for an unknown name or an invalid object
     */
    public static Arch parseArch(ConfigView config, String key, Map<String, Arch> zoo, String defaultName) {
        ConfigValue value = config.unwrap().get(key);
        if (value != null && value.valueType() == ConfigValueType.OBJECT) {
            ConfigView custom = config.getView(key);
            int[] sizes = new int[ARCH_KEYS.size()];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = custom.checkRange(ARCH_KEYS.get(i), custom.getInt(ARCH_KEYS.get(i)), 1, Integer.MAX_VALUE);
            }
            custom.checkNoUnknownKeys();
            if (sizes[0] % sizes[2] != 0) {
                throw custom.error("embed_dims", "expected a multiple of num_heads = " + sizes[2] + ", got "
                        + sizes[0]);
            }
            return new Arch(sizes[0], sizes[1], sizes[2], sizes[3]);
        }
        String name = config.getString(key, defaultName);
        Arch arch = zoo.get(name.toLowerCase(Locale.ROOT));
        if (arch == null) {
            List<String> known = new ArrayList<>(new TreeSet<>(zoo.keySet()));
            throw config.error(key, "unknown arch '" + name + "'." + Suggestions.didYouMean(name, known)
                    + " Expected one of " + String.join(", ", known) + ", or an object with "
                    + String.join(", ", ARCH_KEYS));
        }
        return arch;
    }

    /** mmpretrain's out_indices: an int or a list, negative values counted from the end. */
    private static List<Integer> outIndices(ConfigView config, int numLayers) {
        List<Integer> raw = config.getIntList("out_indices", List.of(-1));
        if (raw.isEmpty()) {
            throw config.error("out_indices", "expected at least one layer index");
        }
        List<Integer> indices = new ArrayList<>();
        for (int index : raw) {
            int resolved = index < 0 ? numLayers + index : index;
            if (resolved < 0 || resolved >= numLayers) {
                throw config.error("out_indices", "expected layer indices in [" + -numLayers + ", "
                        + (numLayers - 1) + "] (num_layers = " + numLayers + "), got " + index);
            }
            if (indices.contains(resolved)) {
                throw config.error("out_indices", "layer " + resolved + " is listed twice in " + raw);
            }
            indices.add(resolved);
        }
        indices.sort(null);
        return indices;
    }

    private static int positive(ConfigView config, String key, int defaultValue) {
        return config.checkRange(key, config.getInt(key, defaultValue), 1, Integer.MAX_VALUE);
    }

    /**
     * Reads a dropout or stochastic-depth rate, default 0.
     *
     * @param config the component's config object
     * @param key the key
     * @return a rate in {@code [0, 1)}
     * @throws org.pretrain4j.api.config.ConfigException for a value outside it
     */
    public static double rate(ConfigView config, String key) {
        double value = config.getDouble(key, 0.0);
        if (!(value >= 0.0 && value < 1.0)) {
            throw config.error(key, "expected a number in [0, 1), got " + value);
        }
        return value;
    }

    @Override
    public Backbone create(VisionTransformerConfig config, BuildContext context) {
        return new VisionTransformer(config);
    }
}
