package org.pretrain4j.backbones.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.backbones.TestBlocks;
import org.pretrain4j.backbones.layers.PositionEmbedding;
import org.pretrain4j.core.checkpoint.Checkpoints;
import org.pretrain4j.core.checkpoint.Checkpoints.LoadOptions;
import org.pretrain4j.core.checkpoint.Checkpoints.LoadReport;
import org.pretrain4j.core.classifier.ImageClassifier;
import org.pretrain4j.core.inspect.ModuleTree;

/**
 * A ViT checkpoint made for another patch grid, or with a class-token slot the model lacks, loads through the core's
 * {@code Checkpoints.loadWeights}: the backbone, as the nearest enclosing {@code CheckpointAdapter}, adapts
 * {@code backbone.pos_embed} (asked under its own name, {@code pos_embed}).
 */
final class VisionTransformerCheckpointTest {
    /** Image 32, patch 8: a 4x4 grid of 32-dimensional tokens, two layers. */
    private static final String TINY = "arch { embed_dims = 32, num_layers = 2, num_heads = 4, "
            + "feedforward_channels = 64 }, patch_size = 8";

    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(0);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** The backbone inside a classifier without neck and head, so that its keys start with {@code backbone.}. */
    private ImageClassifier model(String hocon, int imageSize) {
        ImageClassifier model = new ImageClassifier(TestBlocks.build(new VisionTransformerFactory(), TINY + ", "
                + hocon), null, null);
        model.initialize(manager, DataType.FLOAT32, new Shape(2, 3, imageSize, imageSize));
        return model;
    }

    private Path saved(ImageClassifier model) {
        Path file = dir.resolve("vit.safetensors");
        Checkpoints.saveWeights(file, model, Map.of());
        return file;
    }

    private static float[] value(ImageClassifier model, String key) {
        return ModuleTree.torchParameters(model).get(key).getArray().toFloatArray();
    }

    @Test
    void checkpointAt32LoadsIntoAModelAt48WithItsPositionEmbeddingResized() {
        ImageClassifier made32 = model("img_size = 32, out_type = raw", 32);
        ImageClassifier made48 = model("img_size = 48, out_type = raw", 48);

        LoadReport report = Checkpoints.loadWeights(saved(made32), made48, LoadOptions.strict());

        assertTrue(report.isExact(), report.toString());
        assertEquals(List.of("backbone.pos_embed: checkpoint (1, 17, 32) -> model (1, 37, 32)"), report.adapted());
        NDArray source = ModuleTree.torchParameters(made32).get("backbone.pos_embed").getArray();
        assertArrayEquals(PositionEmbedding.resize(source, new long[] {4, 4}, new long[] {6, 6},
                Image.Interpolation.BICUBIC, 1, manager).toFloatArray(), value(made48, "backbone.pos_embed"));
        assertArrayEquals(value(made32, "backbone.layers.1.attn.qkv.weight"),
                value(made48, "backbone.layers.1.attn.qkv.weight"));
        // The model made for 32 resizes the same way on the fly, so both agree on a 48x48 image.
        NDArray x = manager.randomNormal(new Shape(2, 3, 48, 48));
        ParameterStore ps = new ParameterStore(manager, false);
        assertArrayEquals(made32.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray(),
                made48.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray(), 1e-5f);
    }

    @Test
    void checkpointWithAClassTokenLoadsIntoAModelWithout() {
        ImageClassifier withCls = model("img_size = 32, out_type = raw", 32);
        ImageClassifier noCls = model("img_size = 32, with_cls_token = false, out_type = featmap", 32);

        LoadReport report = Checkpoints.loadWeights(saved(withCls), noCls, LoadOptions.nonStrict());

        assertEquals(List.of("backbone.cls_token"), report.unexpected());
        assertTrue(report.missing().isEmpty() && report.shapeMismatched().isEmpty(), report.toString());
        assertEquals(List.of("backbone.pos_embed: checkpoint (1, 17, 32) -> model (1, 16, 32)"), report.adapted());
        NDArray source = ModuleTree.torchParameters(withCls).get("backbone.pos_embed").getArray();
        assertArrayEquals(source.get(":, 1:").toFloatArray(), value(noCls, "backbone.pos_embed"));
    }
}
