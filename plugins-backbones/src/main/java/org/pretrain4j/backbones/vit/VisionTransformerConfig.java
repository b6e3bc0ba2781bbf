package org.pretrain4j.backbones.vit;

import static java.util.Objects.requireNonNull;

import ai.djl.modality.cv.Image;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The typed config of {@code VisionTransformer}, with mmpretrain's keys and meanings. Instances from
 * {@link VisionTransformerFactory#parseConfig} are validated; {@code outIndices} then holds layer indices in
 * {@code [0, num_layers)} (negative ones already counted from the end).
 *
 * @param arch the layer sizes
 * @param imgHeight the image height the position embedding is made for
 * @param imgWidth the image width the position embedding is made for
 * @param patchSize the side of a square patch
 * @param inChannels the image channels
 * @param outIndices the layers whose outputs the forward pass returns, in layer order
 * @param dropRate dropout after the position embedding, the attention projections and in the FFNs
 * @param dropPathRate stochastic-depth rate of the deepest layer, rising linearly from 0
 * @param qkvBias whether the {@code qkv} projections have a bias
 * @param layerScaleInitValue LayerScale start value; 0 for no LayerScale
 * @param finalNorm apply the final layer norm {@code ln1} after the last layer
 * @param withClsToken prepend a learned class token
 * @param outType what each returned output holds
 * @param frozenStages freeze the embeddings and the first {@code frozenStages} layers when positive
 * @param interpolateMode how the position embedding is resized to another grid
 * @param preNorm apply a layer norm {@code pre_norm} before the first layer (and drop the patch projection's bias)
 */
public record VisionTransformerConfig(
        Arch arch,
        int imgHeight,
        int imgWidth,
        int patchSize,
        int inChannels,
        List<Integer> outIndices,
        double dropRate,
        double dropPathRate,
        boolean qkvBias,
        double layerScaleInitValue,
        boolean finalNorm,
        boolean withClsToken,
        OutType outType,
        int frozenStages,
        Image.Interpolation interpolateMode,
        boolean preNorm) {

    /**
     * Copies the list and checks what the record alone can check.
     *
     * @param arch the layer sizes
     * @param imgHeight the image height
     * @param imgWidth the image width
     * @param patchSize the patch side
     * @param inChannels the image channels
     * @param outIndices the returned layers
     * @param dropRate the dropout rate
     * @param dropPathRate the stochastic-depth rate
     * @param qkvBias whether qkv has a bias
     * @param layerScaleInitValue the LayerScale start value
     * @param finalNorm whether to apply the final norm
     * @param withClsToken whether to use a class token
     * @param outType the output type
     * @param frozenStages the frozen stages
     * @param interpolateMode the position-embedding interpolation
     * @param preNorm whether to normalise before the first layer
     * @throws IllegalArgumentException if an {@code out_type} that reads the class token comes without one
     */
    public VisionTransformerConfig {
        requireNonNull(arch, "arch is null");
        outIndices = List.copyOf(outIndices);
        requireNonNull(outType, "outType is null");
        requireNonNull(interpolateMode, "interpolateMode is null");
        if (outType.readsClsToken() && !withClsToken) {
            throw new IllegalArgumentException("with_cls_token must be true when out_type = " + outType.configName());
        }
    }

    /**
     * The sizes of a ViT, one entry of mmpretrain's {@code arch_zoo} or a custom one.
     *
     * @param embedDims the token size
     * @param numLayers the number of encoder layers
     * @param numHeads the attention heads per layer
     * @param feedforwardChannels the FFN hidden size
     */
    public record Arch(int embedDims, int numLayers, int numHeads, int feedforwardChannels) {
        /** mmpretrain's {@code arch_zoo} (the ViT/DeiT entries), every alias included. */
        static final Map<String, Arch> ZOO = zoo();

        /**
         * Checks the sizes.
         *
         * @param embedDims positive, a multiple of {@code numHeads}
         * @param numLayers positive
         * @param numHeads positive
         * @param feedforwardChannels positive
         * @throws IllegalArgumentException if a size is invalid
         */
        public Arch {
            if (embedDims <= 0 || numLayers <= 0 || numHeads <= 0 || feedforwardChannels <= 0) {
                throw new IllegalArgumentException("arch sizes must be positive, got embed_dims " + embedDims
                        + ", num_layers " + numLayers + ", num_heads " + numHeads + ", feedforward_channels "
                        + feedforwardChannels);
            }
            if (embedDims % numHeads != 0) {
                throw new IllegalArgumentException(
                        "embed_dims (" + embedDims + ") must be a multiple of num_heads (" + numHeads + ")");
            }
        }

        private static Map<String, Arch> zoo() {
            Map<String, Arch> zoo = new LinkedHashMap<>();
            put(zoo, new Arch(768, 8, 8, 768 * 3), "s", "small");
            put(zoo, new Arch(768, 12, 12, 3072), "b", "base");
            put(zoo, new Arch(1024, 24, 16, 4096), "l", "large");
            put(zoo, new Arch(1280, 32, 16, 5120), "h", "huge");
            put(zoo, new Arch(192, 12, 3, 192 * 4), "deit-t", "deit-tiny");
            put(zoo, new Arch(384, 12, 6, 384 * 4), "deit-s", "deit-small");
            put(zoo, new Arch(768, 12, 12, 768 * 4), "deit-b", "deit-base");
            return Map.copyOf(zoo);
        }

        private static void put(Map<String, Arch> zoo, Arch arch, String... names) {
            for (String name : names) {
                zoo.put(name, arch);
            }
        }

        /**
         * Looks an architecture up by name, case-insensitively as mmpretrain.
         *
         * @param name e.g. {@code b}, {@code base}, {@code deit-tiny}
         * @return the sizes, or null for an unknown name
         */
        public static Arch named(String name) {
            return ZOO.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What each returned output holds, mmpretrain's {@code out_type}. */
    public enum OutType {
        /** All tokens, class token included: {@code (B, L, C)}. */
        RAW,
        /** The class token: {@code (B, C)}. */
        CLS_TOKEN,
        /** The patch tokens as a feature map: {@code (B, C, h, w)}. */
        FEATMAP,
        /** The mean patch token, layer-normalised by {@code ln2}: {@code (B, C)}. */
        AVG_FEATMAP,
        /**
         * The class token and the {@code avg_featmap} output side by side, {@code (B, 2C)}: DINO's linear evaluation
         * of ViTs ({@code avgpool_patchtokens}); not one of mmpretrain's types. A frozen MAE encoder probes 2 to 3
         * points higher on it than on either half (README, "Self-supervised pre-training").
         */
        CLS_AVG_FEATMAP;

        /** The spellings configs use. */
        static final String[] CONFIG_VALUES = {"raw", "cls_token", "featmap", "avg_featmap", "cls_avg_featmap"};

        /**
         * Whether the output reads the class token, so the model must have one.
         *
         * @return true for {@code cls_token} and {@code cls_avg_featmap}
         */
        public boolean readsClsToken() {
            return this == CLS_TOKEN || this == CLS_AVG_FEATMAP;
        }

        /**
         * Whether the output averages the patch tokens through the norm {@code ln2}, which the model then has.
         *
         * @return true for {@code avg_featmap} and {@code cls_avg_featmap}
         */
        public boolean pools() {
            return this == AVG_FEATMAP || this == CLS_AVG_FEATMAP;
        }

        /**
         * The spelling configs use.
         *
         * @return e.g. {@code cls_token}
         */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses the config spelling.
         *
         * @param name one of {@link #CONFIG_VALUES}
         * @return the type
         * @throws IllegalArgumentException for any other name
         */
        public static OutType of(String name) {
            for (OutType t : values()) {
                if (t.configName().equals(name)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown out_type '" + name + "'");
        }
    }
}
