package org.pretrain4j.backbones.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pretrain4j.backbones.TestBlocks;

/**
 * mmpretrain's {@code VisionTransformer.get_layer_depth} on every parameter of a small ViT with {@code pre_norm} and
 * {@code avg_featmap} (so that {@code pre_norm} and {@code ln2} exist): embeddings 0, {@code layers.i} {@code i + 1},
 * the norms after the last layer and {@code pre_norm} {@code num_layers + 1}, of {@code num_layers + 2} ids.
 */
final class VisionTransformerLayerDepthTest {
    @Test
    void followsMmpretrainsRuleForEveryParameter() {
        VisionTransformer vit = VisionTransformerTest.vit("arch { embed_dims = 8, num_layers = 3, num_heads = 2, "
                + "feedforward_channels = 16 }, img_size = 8, patch_size = 4, pre_norm = true, "
                + "out_type = avg_featmap");
        try (NDManager manager = NDManager.newBaseManager()) {
            vit.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            assertEquals(5, vit.numLayers());
            Map<String, Integer> depths = new LinkedHashMap<>();
            TestBlocks.torchParameters(vit).keySet().forEach(name -> depths.put(name, vit.layerDepth(name)));
            Map<String, Integer> expected = new LinkedHashMap<>();
            expected.put("cls_token", 0);
            expected.put("pos_embed", 0);
            expected.put("patch_embed.projection.weight", 0);
            expected.put("layers.0.attn.qkv.weight", 1);
            expected.put("layers.1.ffn.layers.0.0.bias", 2);
            expected.put("layers.2.ln2.weight", 3);
            expected.put("pre_norm.weight", 4);
            expected.put("ln1.bias", 4);
            expected.put("ln2.weight", 4);
            expected.forEach((name, depth) -> assertEquals(depth, depths.get(name), name));
            depths.forEach((name, depth) -> assertEquals(name.startsWith("layers.")
                    ? Integer.parseInt(name.split("\\.")[1]) + 1
                    : name.startsWith("patch_embed") || name.equals("cls_token") || name.equals("pos_embed") ? 0 : 4,
                    depth, name));
        }
    }
}
