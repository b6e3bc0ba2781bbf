package org.pretrain4j.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** mmpretrain's VisionTransformer.get_layer_depth rule, for a 12-layer ViT (14 layer ids). */
final class LayerDepthTest {
    @Test
    void embeddingsFirstEncoderLayersThenTheRest() {
        assertEquals(14, LayerDepth.transformerNumLayers(12));
        assertEquals(0, LayerDepth.transformerLayerDepth("cls_token", 12));
        assertEquals(0, LayerDepth.transformerLayerDepth("pos_embed", 12));
        assertEquals(0, LayerDepth.transformerLayerDepth("patch_embed.projection.weight", 12));
        assertEquals(1, LayerDepth.transformerLayerDepth("layers.0.attn.qkv.weight", 12));
        assertEquals(12, LayerDepth.transformerLayerDepth("layers.11.ffn.layers.1.bias", 12));
        assertEquals(13, LayerDepth.transformerLayerDepth("ln1.weight", 12));
        assertEquals(13, LayerDepth.transformerLayerDepth("mask_token", 12));
        assertEquals(13, LayerDepth.transformerLayerDepth("cls_token_extra", 12), "exact names only");
    }
}
