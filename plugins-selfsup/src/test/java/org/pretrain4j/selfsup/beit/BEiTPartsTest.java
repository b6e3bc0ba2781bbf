package org.pretrain4j.selfsup.beit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.selfsup.TestContext;

final class BEiTPartsTest {
    private static final String ARCH = "arch { embed_dims = 16, num_layers = 2, num_heads = 2, "
            + "feedforward_channels = 32 }";
    private static final Shape IMAGES = new Shape(2, 3, 16, 16);

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

    private BEiTPretrainViT encoder() {
        BEiTPretrainViT vit = (BEiTPretrainViT) TestContext.build(Kind.BACKBONE, "type = BEiTPretrainViT, " + ARCH
                + ", img_size = 16, patch_size = 4, out_indices = [0, -1]");
        vit.initialize(manager, DataType.FLOAT32, IMAGES);
        return vit;
    }

    @Test
    void anEmptyMaskGivesThePlainForwardPass() {
        BEiTPretrainViT vit = encoder();
        NDArray images = manager.randomNormal(IMAGES);
        NDList masked = vit.forwardMasked(ps, images, manager.zeros(new Shape(2, 4, 4)), false);
        NDList plain = vit.forward(ps, new NDList(images), false);
        assertEquals(2, masked.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(new Shape(2, 17, 16), masked.get(i).getShape());
            assertArrayEquals(plain.get(i).toFloatArray(), masked.get(i).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void maskedPatchesAreReplacedByTheMaskToken() {
        BEiTPretrainViT vit = encoder();
        NDArray all = manager.ones(new Shape(2, 16));
        NDList a = vit.forwardMasked(ps, manager.randomNormal(IMAGES), all, false);
        NDList b = vit.forwardMasked(ps, manager.randomNormal(IMAGES), all, false);
        assertArrayEquals(a.get(1).toFloatArray(), b.get(1).toFloatArray(), 1e-6f,
                "with every patch masked the image no longer matters");
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> vit.forwardMasked(ps, manager.randomNormal(IMAGES), manager.ones(new Shape(2, 5, 5)), false));
        assertTrue(e.getMessage().contains("input_size"), e.getMessage());
        assertTrue(vit.getParameters().keys().stream().anyMatch(k -> k.endsWith("mask_token")));
    }

    @Test
    void tokenizerGivesFrozenTokenIndicesPerPatch() {
        VQKD vqkd = (VQKD) TestContext.build(Kind.TARGET_GENERATOR, "type = VQKD, encoder_config { " + ARCH
                + ", img_size = 16, patch_size = 4, use_abs_pos_emb = true, use_rel_pos_bias = false, "
                + "layer_scale_init_value = 0, final_norm = true, out_type = featmap }, num_embed = 8, embed_dims = 4");
        vqkd.initialize(manager, DataType.FLOAT32, IMAGES);
        NDArray tokens = vqkd.forward(ps, new NDList(manager.randomNormal(IMAGES)), false).singletonOrThrow();
        assertEquals(new Shape(2, 16), tokens.getShape());
        assertEquals(DataType.INT64, tokens.getDataType());
        assertTrue(tokens.gte(0).all().getBoolean() && tokens.lt(8).all().getBoolean());
        assertTrue(vqkd.getParameters().values().stream().noneMatch(Parameter::requiresGradient));
        for (String key : new String[] {"encoder", "encode_task_layer", "quantize"}) {
            assertTrue(vqkd.getChildren().keys().stream().anyMatch(k -> k.endsWith(key)), key);
        }
        ConfigException e = assertThrows(ConfigException.class, () -> TestContext.build(Kind.TARGET_GENERATOR,
                "type = VQKD, encoder_config { " + ARCH + ", img_size = 16, patch_size = 4 }"));
        assertTrue(e.getMessage().contains("featmap"), e.getMessage());
    }

    private BEiTV2Neck neck() {
        BEiTV2Neck neck = (BEiTV2Neck) TestContext.build(Kind.NECK, "type = BEiTV2Neck, num_layers = 1, "
                + "early_layers = 1, backbone_" + ARCH);
        neck.initialize(manager, DataType.FLOAT32, new Shape(2, 5, 16), new Shape(2, 5, 16));
        return neck;
    }

    /** Only the early layer's patch tokens and the last layer's class token enter the aggregation stream. */
    @Test
    void neckAggregatesTheLastClassTokenWithEarlyPatchTokens() {
        BEiTV2Neck neck = neck();
        NDArray early = manager.randomNormal(new Shape(2, 5, 16));
        NDArray last = manager.randomNormal(new Shape(2, 5, 16));
        NDList out = neck.forward(ps, new NDList(early, last), false);
        assertArrayEquals(new Shape[] {new Shape(2, 4, 16), new Shape(2, 4, 16)}, out.getShapes());
        NDArray otherEarlyCls = early.duplicate();
        otherEarlyCls.set(new NDIndex(":, 0"), 5f);
        NDList same = neck.forward(ps, new NDList(otherEarlyCls, last), false);
        assertArrayEquals(out.get(1).toFloatArray(), same.get(1).toFloatArray(), 1e-6f);
        NDList bias = neck.forward(ps, new NDList(early, last, manager.randomNormal(new Shape(2, 5, 5))), false);
        assertArrayEquals(out.get(0).toFloatArray(), bias.get(0).toFloatArray(), 0f, "x is the normalised last");
        ConfigException e = assertThrows(ConfigException.class, () -> TestContext.build(Kind.NECK,
                "type = BEiTV2Neck, use_rel_pos_bias = true"));
        assertTrue(e.getMessage().contains("use_rel_pos_bias"), e.getMessage());
    }

    /** The loss sees the masked patches only: what the unmasked ones hold does not change it. */
    @Test
    void headScoresMaskedPatchesOnly() {
        BEiTV2Head head = (BEiTV2Head) TestContext.build(Kind.HEAD, "type = BEiTV2Head, embed_dims = 16, "
                + "num_embed = 8, loss { type = CrossEntropyLoss }");
        head.initialize(manager, DataType.FLOAT32, new Shape(8, 16), new Shape(8, 16));
        NDArray feats = manager.randomNormal(new Shape(2, 4, 16));
        NDArray clsPt = manager.randomNormal(new Shape(2, 4, 16));
        feats.setRequiresGradient(true);
        NDArray target = manager.create(new long[] {1, 2, 3, 4, 5, 6, 7, 0}, new Shape(2, 4));
        NDArray mask = manager.create(new float[] {1, 0, 1, 0, 0, 0, 0, 1}, new Shape(2, 4));
        LossDict losses;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            losses = head.loss(ps, feats, clsPt, target, mask);
            collector.backward(losses.total());
        }
        assertEquals(java.util.Set.of("loss_1", "loss_2"), losses.terms().keySet());
        float[] grad = feats.getGradient().sum(new int[] {2}).abs().toFloatArray();
        assertTrue(grad[0] > 0 && grad[2] > 0 && grad[7] > 0);
        assertEquals(0f, grad[1] + grad[3] + grad[4] + grad[5] + grad[6], 0f);
        NDArray changed = feats.duplicate();
        changed.set(new NDIndex("1, 0"), 9f);
        float again = head.loss(ps, changed, clsPt, target, mask).terms().get("loss_1").getFloat();
        assertEquals(losses.terms().get("loss_1").getFloat(), again, 1e-6f);
        NDList rows = head.forward(ps, new NDList(feats.get(new NDIndex("0, 0")).expandDims(0),
                clsPt.get(new NDIndex("0, 0")).expandDims(0)), false);
        assertFalse(rows.get(0).isNaN().any().getBoolean());
    }
}
