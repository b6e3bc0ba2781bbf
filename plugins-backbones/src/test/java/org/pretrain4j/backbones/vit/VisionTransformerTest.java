package org.pretrain4j.backbones.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.backbones.TestBlocks;
import org.pretrain4j.backbones.layers.PositionEmbedding;

final class VisionTransformerTest {
    /** Image 32, patch 8: a 4x4 grid of 32-dimensional tokens, two layers. */
    private static final String TINY = "arch { embed_dims = 32, num_layers = 2, num_heads = 4, "
            + "feedforward_channels = 64 }, img_size = 32, patch_size = 8";
    private static final Shape IMAGE = new Shape(2, 3, 32, 32);

    private NDManager manager;
    private ParameterStore ps;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(0);
        manager = NDManager.newBaseManager();
        ps = new ParameterStore(manager, false);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    static VisionTransformer vit(String hocon) {
        VisionTransformerFactory factory = new VisionTransformerFactory();
        ConfigView view = ConfigView.parse(hocon);
        VisionTransformerConfig config = factory.parseConfig(view);
        view.checkNoUnknownKeys();
        return (VisionTransformer) factory.create(config, null);
    }

    private VisionTransformer initialized(String hocon, Shape image) {
        VisionTransformer vit = vit(hocon);
        vit.initialize(manager, DataType.FLOAT32, image);
        return vit;
    }

    /** Gives {@code to} the parameters it shares with {@code from} (same paths and shapes), except those named. */
    private static void copyParameters(VisionTransformer from, VisionTransformer to, Set<String> except) {
        Map<String, Parameter> source = TestBlocks.parametersByPath(from);
        TestBlocks.parametersByPath(to).forEach((path, p) -> {
            if (source.containsKey(path) && !except.contains(path)) {
                p.getArray().set(source.get(path).getArray().toFloatArray());
            }
        });
    }

    private NDList forward(VisionTransformer vit, NDArray x) {
        return vit.forward(ps, new NDList(x), false);
    }

    @Test
    void forwardAndBackwardReachEveryParameter() {
        // Eight samples, so that stochastic depth cannot drop a whole branch for all of them.
        Shape batch = new Shape(8, 3, 32, 32);
        VisionTransformer vit = initialized(TINY + ", drop_rate = 0.1, drop_path_rate = 0.1, "
                + "layer_scale_init_value = 0.1, out_indices = [0, 1]", batch);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList out = vit.forward(ps, new NDList(manager.randomNormal(batch)), true);
            assertEquals(2, out.size());
            assertEquals(new Shape(8, 32), out.get(0).getShape());
            // Squares: the sum of a layer norm's output does not depend on its input.
            collector.backward(out.get(0).square().sum().add(out.get(1).square().sum()));
        }
        for (Map.Entry<String, Parameter> e : TestBlocks.parametersByPath(vit).entrySet()) {
            assertTrue(e.getValue().getArray().getGradient().abs().sum().getFloat() > 0, e.getKey());
        }
    }

    /** Tools such as the model summary ask every block of the tree for its input shapes. */
    private static void assertAllInitialized(Block block, String path) {
        assertDoesNotThrow(block::describeInput, path);
        block.getChildren().forEach(child -> assertAllInitialized(child.getValue(), path + "/" + child.getKey()));
    }

    @Test
    void forwardLeavesNothingInTheModelsManager() {
        VisionTransformer vit = initialized(TINY + ", layer_scale_init_value = 0.1, drop_path_rate = 0.1", IMAGE);
        int before = manager.getManagedArrays().size();
        // Another input size also exercises the position-embedding resize and the class-token broadcast.
        for (Shape shape : new Shape[] {IMAGE, new Shape(2, 3, 40, 24)}) {
            try (NDManager batch = NDManager.newBaseManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray out = vit.forward(ps, new NDList(batch.randomNormal(shape)), true).singletonOrThrow();
                collector.backward(out.square().sum());
            }
        }
        assertEquals(before, manager.getManagedArrays().size());
    }

    @Test
    void namesFollowMmpretrainStateDict() {
        VisionTransformer tiny = initialized(TINY, IMAGE);
        assertAllInitialized(tiny, "");
        Set<String> keys = TestBlocks.parametersByPath(tiny).keySet();
        assertTrue(keys.containsAll(List.of("cls_token", "pos_embed", "patch_embed.projection.weight",
                "patch_embed.projection.bias", "layers.0.ln1.gamma", "layers.0.ln1.beta", "layers.0.attn.qkv.weight",
                "layers.0.attn.qkv.bias", "layers.0.attn.proj.weight", "layers.0.ln2.gamma",
                "layers.0.ffn.layers.0.0.weight", "layers.0.ffn.layers.1.weight", "layers.1.ffn.layers.1.bias",
                "ln1.gamma", "ln1.beta")), keys.toString());
        assertEquals(4 + 2 * 12 + 2, keys.size(), keys.toString());

        Set<String> variant = TestBlocks.parametersByPath(initialized(TINY + ", with_cls_token = false, "
                + "pre_norm = true, out_type = avg_featmap, final_norm = false, qkv_bias = false, "
                + "layer_scale_init_value = 1e-5", IMAGE)).keySet();
        assertTrue(variant.containsAll(List.of("pre_norm.gamma", "ln2.gamma", "layers.1.attn.gamma1.weight",
                "layers.1.ffn.gamma2.weight")), variant.toString());
        for (String absent : List.of("cls_token", "ln1.gamma", "patch_embed.projection.bias",
                "layers.0.attn.qkv.bias")) {
            assertFalse(variant.contains(absent), absent);
        }
    }

    @Test
    void everyOutTypeHasItsShape() {
        VisionTransformer raw = initialized(TINY + ", out_type = raw", IMAGE);
        NDArray x = manager.randomNormal(IMAGE);
        NDArray tokens = forward(raw, x).singletonOrThrow();
        assertEquals(new Shape(2, 17, 32), tokens.getShape());
        Map<String, Shape> expected = Map.of("raw", new Shape(2, 17, 32), "cls_token", new Shape(2, 32),
                "featmap", new Shape(2, 32, 4, 4), "avg_featmap", new Shape(2, 32), "cls_avg_featmap",
                new Shape(2, 64));
        // ln2 starts as the identity affine map, so avg_featmap is the standardised mean patch token.
        NDArray mean = tokens.get(":, 1:").mean(new int[] {1});
        NDArray centred = mean.sub(mean.mean(new int[] {1}, true));
        NDArray pooled = centred.div(centred.square().mean(new int[] {1}, true).add(1e-6).sqrt());
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            VisionTransformer vit = initialized(TINY + ", out_type = " + e.getKey(), IMAGE);
            copyParameters(raw, vit, Set.of());
            NDArray out = forward(vit, x).singletonOrThrow();
            assertEquals(e.getValue(), out.getShape(), e.getKey());
            assertEquals(e.getValue(), vit.getOutputShapes(new Shape[] {IMAGE})[0], e.getKey());
            switch (e.getKey()) {
                case "cls_token" -> assertArrayEquals(tokens.get(":, 0").toFloatArray(), out.toFloatArray());
                case "featmap" -> assertArrayEquals(tokens.get(":, 5").toFloatArray(),
                        out.get(":, :, 1, 0").toFloatArray());
                case "avg_featmap" -> assertArrayEquals(pooled.toFloatArray(), out.toFloatArray(), 1e-4f);
                case "cls_avg_featmap" -> {
                    assertArrayEquals(tokens.get(":, 0").toFloatArray(), out.get(":, :32").toFloatArray());
                    assertArrayEquals(pooled.toFloatArray(), out.get(":, 32:").toFloatArray(), 1e-4f);
                }
                default -> { }
            }
        }
    }

    @Test
    void otherInputSizesResizeThePositionEmbedding() {
        // Made for 32x32 (4x4 patches), run on 48x40 (6x5): the same as a model made for 48x40 whose embedding is
        // the bicubic resize of the first one's.
        VisionTransformer made32 = initialized(TINY + ", out_type = raw", IMAGE);
        Shape other = new Shape(2, 3, 48, 40);
        VisionTransformer made48 = initialized(TINY + ", out_type = raw, img_size = [48, 40]", other);
        copyParameters(made32, made48, Set.of("pos_embed"));
        NDArray resized = PositionEmbedding.resize(TestBlocks.parametersByPath(made32).get("pos_embed").getArray(),
                new long[] {4, 4}, new long[] {6, 5}, Image.Interpolation.BICUBIC, 1, manager);
        TestBlocks.parametersByPath(made48).get("pos_embed").getArray().set(resized.toFloatArray());

        NDArray x = manager.randomNormal(other);
        NDArray out = forward(made32, x).singletonOrThrow();
        assertEquals(new Shape(2, 31, 32), out.getShape());
        assertEquals(out.getShape(), made32.getOutputShapes(new Shape[] {other})[0]);
        assertArrayEquals(forward(made48, x).singletonOrThrow().toFloatArray(), out.toFloatArray(), 1e-5f);
    }

    @Test
    void checkpointPositionEmbeddingIsResizedOrLosesItsClassSlot() {
        VisionTransformer vit = initialized(TINY + ", img_size = 48", new Shape(1, 3, 48, 48));
        NDArray checkpoint = manager.randomNormal(new Shape(1, 17, 32));
        Shape expected = new Shape(1, 37, 32);
        NDArray adapted = vit.adaptCheckpointTensor("pos_embed", checkpoint, expected);
        assertEquals(expected, adapted.getShape());
        assertArrayEquals(PositionEmbedding.resize(checkpoint, new long[] {4, 4}, new long[] {6, 6},
                Image.Interpolation.BICUBIC, 1, manager).toFloatArray(), adapted.toFloatArray());
        assertNull(vit.adaptCheckpointTensor("cls_token", checkpoint, expected));
        assertNull(vit.adaptCheckpointTensor("pos_embed", manager.zeros(new Shape(1, 17, 16)), expected));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> vit.adaptCheckpointTensor("pos_embed", manager.zeros(new Shape(1, 16, 32)), expected));
        assertTrue(e.getMessage().contains("not a square grid"), e.getMessage());

        VisionTransformer noCls = initialized(TINY + ", with_cls_token = false, out_type = featmap", IMAGE);
        NDArray dropped = noCls.adaptCheckpointTensor("pos_embed", checkpoint, new Shape(1, 16, 32));
        assertArrayEquals(checkpoint.get(":, 1:").toFloatArray(), dropped.toFloatArray());
    }

    @Test
    void parameterCountsMatchPyTorch() {
        // torchvision's vit_b_16 has 86,567,656 parameters, its 768 -> 1000 head 769,000 (sum(p.numel()) with
        // torchvision 0.14); the same layout with DeiT's sizes: deit-tiny 5,717,416 - 193,000, deit-small
        // 22,050,664 - 385,000.
        Shape imageNet = new Shape(1, 3, 224, 224);
        assertEquals(85_798_656L, TestBlocks.countParameters(initialized("arch = b", imageNet)));
        assertEquals(5_524_416L, TestBlocks.countParameters(initialized("arch = deit-tiny", imageNet)));
        assertEquals(21_665_664L, TestBlocks.countParameters(initialized("arch = deit-s", imageNet)));
    }

    @Test
    void initialisesLikeMmpretrain() {
        VisionTransformer vit = initialized("arch { embed_dims = 64, num_layers = 1, num_heads = 2, "
                + "feedforward_channels = 64 }, img_size = 160, patch_size = 8", new Shape(1, 3, 160, 160));
        Map<String, Parameter> params = TestBlocks.parametersByPath(vit);
        NDArray pos = params.get("pos_embed").getArray();
        assertEquals(new Shape(1, 401, 64), pos.getShape());
        assertEquals(0.02, pos.sub(pos.mean()).square().mean().sqrt().getFloat(), 0.001);
        assertEquals(0f, params.get("cls_token").getArray().abs().max().getFloat());
        // PyTorch's Conv2d default: U(+-1/sqrt(fan_in)), fan_in = 3 * 8 * 8.
        NDArray conv = params.get("patch_embed.projection.weight").getArray();
        assertTrue(conv.abs().max().getFloat() <= 1 / Math.sqrt(192));
        assertTrue(conv.abs().max().getFloat() > 0.9 / Math.sqrt(192));
    }

    @Test
    void frozenStagesFreezeEmbeddingsAndLeadingLayers() {
        VisionTransformer one = initialized(TINY + ", frozen_stages = 1", IMAGE);
        Map<String, Parameter> params = TestBlocks.parametersByPath(one);
        for (String frozen : List.of("cls_token", "pos_embed", "patch_embed.projection.weight",
                "layers.0.attn.qkv.weight", "layers.0.ln2.gamma")) {
            assertFalse(params.get(frozen).requiresGradient(), frozen);
        }
        for (String trainable : List.of("layers.1.attn.qkv.weight", "ln1.gamma")) {
            assertTrue(params.get(trainable).requiresGradient(), trainable);
        }
        Map<String, Parameter> all = TestBlocks.parametersByPath(initialized(TINY + ", frozen_stages = 2, "
                + "out_type = cls_avg_featmap", IMAGE));
        for (String norm : List.of("ln1.gamma", "ln2.gamma", "ln2.beta")) {
            assertFalse(all.get(norm).requiresGradient(), norm);
        }
        assertTrue(TestBlocks.parametersByPath(initialized(TINY + ", frozen_stages = 0", IMAGE)).get("pos_embed")
                .requiresGradient());
    }
}
