package org.pretrain4j.backbones.beit;

import static java.util.Objects.requireNonNull;

import org.pretrain4j.backbones.layers.MultiheadAttention.QkvBias;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.OutType;
import org.pretrain4j.backbones.vit.VisionTransformerFactory.Common;

/**
 * The typed config of {@code BEiTViT} (and {@code BEiTPretrainViT}), with mmpretrain's keys and meanings.
 *
 * @param common the keys shared with {@code VisionTransformer} (arch, sizes, out_indices, rates, final_norm,
 *     out_type, interpolate_mode)
 * @param bias the {@code qkv} bias mode ({@code bias}: {@code qv_bias}, true or false)
 * @param withClsToken prepend a learned class token
 * @param frozenStages freeze the embeddings and the first {@code frozenStages} layers when positive
 * @param useAbsPosEmb add a learned absolute position embedding {@code pos_embed}
 * @param useRelPosBias give every layer its own relative position bias
 * @param useSharedRelPosBias one relative position bias {@code rel_pos_bias} shared by all layers
 * @param layerScaleInitValue start value of the layers' {@code gamma_1}/{@code gamma_2}; 0 for none
 */
public record BEiTViTConfig(Common common, QkvBias bias, boolean withClsToken, int frozenStages,
        boolean useAbsPosEmb, boolean useRelPosBias, boolean useSharedRelPosBias, double layerScaleInitValue) {
    /**
     * Checks the combinations mmpretrain forbids.
     *
     * @param common the shared keys
     * @param bias the bias mode
     * @param withClsToken whether there is a class token
     * @param frozenStages the frozen stages
     * @param useAbsPosEmb whether there is an absolute position embedding
     * @param useRelPosBias whether each layer has a relative position bias
     * @param useSharedRelPosBias whether the layers share one
     * @param layerScaleInitValue the LayerScale start value
     * @throws IllegalArgumentException if both relative position biases are asked for, a relative position bias comes
     *     without class token, or {@code out_type = cls_token} without class token
     */
    public BEiTViTConfig {
        requireNonNull(common, "common is null");
        requireNonNull(bias, "bias is null");
        if (useRelPosBias && useSharedRelPosBias) {
            throw new IllegalArgumentException("use_rel_pos_bias and use_shared_rel_pos_bias cannot both be true");
        }
        if ((useRelPosBias || useSharedRelPosBias) && !withClsToken) {
            throw new IllegalArgumentException("a relative position bias needs the class token (with_cls_token)");
        }
        if (common.outType().readsClsToken() && !withClsToken) {
            throw new IllegalArgumentException("with_cls_token must be true when out_type = "
                    + common.outType().configName());
        }
    }
}
