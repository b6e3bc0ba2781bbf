package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.inspect.ModuleTree;
import org.pretrain4j.core.registry.ComponentRegistry;

/**
 * MAE and MaskFeat checkpoints carry mmpretrain's state-dict keys (one encoder and one decoder layer here): the
 * encoder's as VisionTransformer's, the decoder's {@code mask_token}, {@code decoder_pos_embed},
 * {@code decoder_embed}, {@code decoder_blocks.i}, {@code ln1} (mmcv's name for the decoder norm) and
 * {@code decoder_pred}, and MaskFeat's {@code backbone.mask_token} and {@code neck.fc}.
 */
final class MaskedImageModelingKeysTest {
    private static List<String> layer(String prefix) {
        List<String> keys = new ArrayList<>();
        for (String name : List.of("ln1.weight", "ln1.bias", "attn.qkv.weight", "attn.qkv.bias", "attn.proj.weight",
                "attn.proj.bias", "ln2.weight", "ln2.bias", "ffn.layers.0.0.weight", "ffn.layers.0.0.bias",
                "ffn.layers.1.weight", "ffn.layers.1.bias")) {
            keys.add(prefix + name);
        }
        return keys;
    }

    private static List<String> keys(String hocon, Shape input) {
        TaskModel model = new ComponentBuilder(ComponentRegistry.ofClasspath()).build(Kind.MODEL,
                ConfigView.parse(hocon));
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, input);
            return new ArrayList<>(ModuleTree.torchParameters(model).keySet());
        }
    }

    private static List<String> encoder(String... extra) {
        List<String> keys = new ArrayList<>(List.of("backbone.cls_token", "backbone.pos_embed"));
        keys.addAll(List.of(extra));
        keys.addAll(List.of("backbone.patch_embed.projection.weight", "backbone.patch_embed.projection.bias"));
        keys.addAll(layer("backbone.layers.0."));
        keys.addAll(List.of("backbone.ln1.weight", "backbone.ln1.bias"));
        return keys;
    }

    @Test
    void maeKeysAreMmpretrains() {
        List<String> expected = encoder();
        expected.addAll(List.of("neck.mask_token", "neck.decoder_pos_embed", "neck.decoder_embed.weight",
                "neck.decoder_embed.bias"));
        expected.addAll(layer("neck.decoder_blocks.0."));
        expected.addAll(List.of("neck.ln1.weight", "neck.ln1.bias", "neck.decoder_pred.weight",
                "neck.decoder_pred.bias"));
        assertEquals(expected, keys("type = MAE, backbone { type = MAEViT, arch { embed_dims = 16, num_layers = 1, "
                + "num_heads = 2, feedforward_channels = 16 }, img_size = 8, patch_size = 4 }, "
                + "neck { type = MAEPretrainDecoder, num_patches = 4, patch_size = 4, embed_dim = 16, "
                + "decoder_embed_dim = 8, decoder_depth = 1, decoder_num_heads = 2 }, "
                + "head { type = MAEPretrainHead, patch_size = 4, loss { type = PixelReconstructionLoss, "
                + "criterion = L2 } }", new Shape(1, 3, 8, 8)));
    }

    @Test
    void maskFeatKeysAreMmpretrains() {
        List<String> expected = encoder("backbone.mask_token");
        expected.addAll(List.of("neck.fc.weight", "neck.fc.bias"));
        assertEquals(expected, keys("type = MaskFeat, backbone { type = MaskFeatViT, arch { embed_dims = 16, "
                + "num_layers = 1, num_heads = 2, feedforward_channels = 16 }, img_size = 28, patch_size = 2 }, "
                + "neck { type = LinearNeck, in_channels = 16, out_channels = 27, norm_cfg = null }, "
                + "head { type = MIMHead, loss { type = PixelReconstructionLoss, criterion = L2 } }, "
                + "target_generator { type = HOGGenerator, pool = 2, gaussian_window = 14 }",
                new Shape(1, 3, 28, 28)));
    }
}
