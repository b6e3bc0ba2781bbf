package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.api.train.OptimParam;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.optim.ParamGroups;
import org.pretrain4j.core.registry.ComponentRegistry;

/**
 * Fine-tuning a ViT with mmpretrain's layer-wise learning-rate decay: with 2 encoder layers there are 4 layer ids,
 * so at rate 0.5 the embeddings train at 0.5^3, layer i at 0.5^(2 - i), and the final norm and the head at 1.
 */
final class VitLayerDecayTest {
    @Test
    void learningRatesDecayFromTheHeadToTheEmbeddings() {
        TaskModel model = new ComponentBuilder(ComponentRegistry.ofClasspath()).build(Kind.MODEL, ConfigView.parse(
                "type = ImageClassifier, backbone { type = VisionTransformer, arch { embed_dims = 8, num_layers = 2, "
                        + "num_heads = 2, feedforward_channels = 8 }, img_size = 8, patch_size = 4 }, "
                        + "head { type = VisionTransformerClsHead, num_classes = 3, in_channels = 8 }"));
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            Map<String, Double> lr = ParamGroups.read(ConfigView.parse("constructor = "
                    + "LearningRateDecayOptimWrapperConstructor, paramwise_cfg { layer_decay_rate = 0.5 }"))
                    .build(model).stream().collect(Collectors.toMap(OptimParam::name, OptimParam::lrMult));
            assertEquals(0.125, lr.get("backbone.cls_token"));
            assertEquals(0.125, lr.get("backbone.patch_embed.projection.weight"));
            assertEquals(0.25, lr.get("backbone.layers.0.attn.qkv.weight"));
            assertEquals(0.5, lr.get("backbone.layers.1.ffn.layers.1.bias"));
            assertEquals(1.0, lr.get("backbone.ln1.weight"));
            assertEquals(1.0, lr.get("head.layers.head.weight"));
        }
    }
}
