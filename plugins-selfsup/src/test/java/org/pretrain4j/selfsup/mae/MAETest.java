package org.pretrain4j.selfsup.mae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.train.RunInfo;
import org.pretrain4j.selfsup.TestContext;

final class MAETest {
    /** Image 16, patch 4: a 4 x 4 grid of 32-dimensional tokens, two encoder layers, one 16-dimensional decoder layer. */
    private static final String BACKBONE = "backbone { type = MAEViT, arch { embed_dims = 32, num_layers = 2, "
            + "num_heads = 4, feedforward_channels = 64 }, img_size = 16, patch_size = 4, mask_ratio = 0.75 }";
    private static final String NECK = "neck { type = MAEPretrainDecoder, num_patches = 16, patch_size = 4, "
            + "in_chans = 3, embed_dim = 32, decoder_embed_dim = 16, decoder_depth = 1, decoder_num_heads = 2 }";
    private static final String HEAD = "head { type = MAEPretrainHead, norm_pix = true, patch_size = 4, "
            + "loss { type = PixelReconstructionLoss, criterion = L2 } }";
    private static final Shape IMAGES = new Shape(2, 3, 16, 16);

    private NDManager manager;
    private ParameterStore ps;

    @BeforeEach
    void open() {
        Engine.getInstance().setRandomSeed(0);
        manager = NDManager.newBaseManager();
        ps = new ParameterStore(manager, false);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static MAE mae(String... parts) {
        return (MAE) TestContext.build(Kind.SELF_SUPERVISOR, "type = MAE, " + String.join(", ", parts));
    }

    private MAE tinyMae() {
        MAE mae = mae(BACKBONE, NECK, HEAD);
        mae.initialize(manager, DataType.FLOAT32, IMAGES);
        return mae;
    }

    private MAEViT encoder(String extra, Shape images) {
        MAEViT vit = (MAEViT) TestContext.build(Kind.BACKBONE, "type = MAEViT, arch { embed_dims = 16, "
                + "num_layers = 1, num_heads = 2, feedforward_channels = 16 }, img_size = 16, patch_size = 4" + extra);
        vit.initialize(manager, DataType.FLOAT32, images);
        return vit;
    }

    @Test
    void maskingKeepsIntOfLTimesOneMinusRatioTokensPerSample() {
        for (double ratio : new double[] {0.75, 0.7, 0.6, 0.0}) {
            MAEViT vit = encoder(", mask_ratio = " + ratio, IMAGES);
            int keep = (int) (16 * (1 - ratio));
            MAEViT.Encoded out = vit.forwardMasked(ps, manager.randomNormal(IMAGES), false);
            assertEquals(new Shape(2, 1 + keep, 16), out.latent().getShape(), "ratio " + ratio);
            assertArrayEquals(vit.maskedOutputShapes(IMAGES), new Shape[] {out.latent().getShape(),
                out.mask().getShape(), out.idsRestore().getShape()});
            float[] mask = out.mask().toFloatArray();
            for (int n = 0; n < 2; n++) {
                float[] row = Arrays.copyOfRange(mask, n * 16, n * 16 + 16);
                assertEquals(16 - keep, (int) sum(row), "masked patches per sample, ratio " + ratio);
                for (float v : row) {
                    assertTrue(v == 0f || v == 1f, "mask entries are 0 (kept) or 1 (removed)");
                }
            }
        }
    }

    private static float sum(float[] values) {
        float s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }

    /**
     * Token {@code j} carries the value {@code j}; after masking and the decoder's unshuffle, every kept patch is back
     * at its place and every removed one holds the mask token, exactly where the mask says 1.
     */
    @Test
    void idsRestoreInvertsTheShuffleAndMatchesTheMask() {
        NDArray tokens = manager.arange(0f, 2 * 16, 1f).reshape(2, 16, 1);
        RandomMasking.Result r = RandomMasking.apply(tokens, manager.randomUniform(0f, 1f, new Shape(2, 16)), 0.75);
        NDArray embedded = manager.full(new Shape(2, 1, 1), -2f).concat(r.kept(), 1);
        NDArray restored = MAEPretrainDecoder.restoreOrder(embedded, manager.full(new Shape(2, 12, 1), -1f),
                r.idsRestore());
        float[] values = restored.toFloatArray();
        float[] mask = r.mask().toFloatArray();
        for (int n = 0; n < 2; n++) {
            assertEquals(-2f, values[n * 17], "class token first");
            for (int j = 0; j < 16; j++) {
                float expected = mask[n * 16 + j] == 0f ? n * 16 + j : -1f;
                assertEquals(expected, values[n * 17 + 1 + j], "sample " + n + ", patch " + j);
            }
        }
        long[] ids = r.idsRestore().toLongArray();
        for (int n = 0; n < 2; n++) {
            long[] sorted = Arrays.copyOfRange(ids, n * 16, n * 16 + 16);
            Arrays.sort(sorted);
            assertArrayEquals(java.util.stream.LongStream.range(0, 16).toArray(), sorted, "a permutation");
        }
    }

    /**
     * The masks of iteration k depend on the run's seed and k only: a model rebuilt after the same engine seed and
     * told (as the trainer's hook call does on resume) that 2 iterations are done draws iteration 2's masks.
     */
    @Test
    void masksAreReproducibleAcrossAResume() {
        NDArray images = manager.randomNormal(IMAGES);
        Engine.getInstance().setRandomSeed(42);
        MAEViT first = encoder("", IMAGES);
        float[][] masks = new float[3][];
        for (int step = 0; step < 3; step++) {
            masks[step] = first.forwardMasked(ps, images, true).mask().toFloatArray();
        }
        assertFalse(Arrays.equals(masks[0], masks[1]), "each step draws new masks");
        assertFalse(Arrays.equals(Arrays.copyOfRange(masks[0], 0, 16), Arrays.copyOfRange(masks[0], 16, 32)),
                "each sample has its own mask");

        Engine.getInstance().setRandomSeed(42);
        MAEViT resumed = encoder("", IMAGES);
        resumed.beforeTrain(new RunInfo(null, 0, 2, 10, 0.0, Map.of()));
        assertArrayEquals(masks[2], resumed.forwardMasked(ps, images, true).mask().toFloatArray());

        Engine.getInstance().setRandomSeed(43);
        MAEViT otherSeed = encoder("", IMAGES);
        assertFalse(Arrays.equals(masks[0], otherSeed.forwardMasked(ps, images, true).mask().toFloatArray()),
                "another run seed gives other masks");
    }

    @Test
    void posEmbedIsTheFrozenSinCosEmbeddingAndPatchEmbedXavierOnTheFlatView() {
        MAEViT vit = encoder("", IMAGES);
        Parameter pos = parameter(vit, "pos_embed");
        assertFalse(pos.requiresGradient());
        assertArrayEquals(SinCosPositionEmbedding.values(4, 4, 16), pos.getArray().toFloatArray(), 0f);
        // fan_in = 3 * 4 * 4, fan_out = 16 on the (16, 48) view
        float bound = (float) Math.sqrt(6.0 / (48 + 16));
        NDArray w = parameter(vit, "projection.weight").getArray();
        float max = w.abs().max().getFloat();
        assertTrue(max <= bound && max > 0.8f * bound, "max |w| " + max + " vs bound " + bound);
        float clsStd = (float) Math.sqrt(parameter(vit, "cls_token").getArray().square().mean().getFloat());
        assertTrue(clsStd > 0 && clsStd < 0.06, "cls_token ~ N(0, 0.02), std " + clsStd);
    }

    @Test
    void maeInitialisesLinearsXavierWithZeroBiasButKeepsTheFfnBiases() {
        MAE mae = tinyMae();
        for (String name : new String[] {"attn.qkv.bias", "attn.proj.bias", "decoder_embed.bias", "decoder_pred.bias"}) {
            assertEquals(0f, parameter(mae, name).getArray().abs().max().getFloat(), name);
        }
        float ffnBias = parameter(mae, "ffn.layers.1.bias").getArray().abs().max().getFloat();
        assertTrue(ffnBias > 0 && ffnBias < 1e-5, "FFN bias ~ N(0, 1e-6): " + ffnBias);
        // decoder_pred (48, 16): Xavier-uniform bound sqrt(6 / 64)
        float max = parameter(mae, "decoder_pred.weight").getArray().abs().max().getFloat();
        assertTrue(max <= Math.sqrt(6.0 / 64) && max > 0.8 * Math.sqrt(6.0 / 64), "decoder_pred max " + max);
    }

    /** The first parameter whose path (child keys without DJL's index prefix) ends with {@code suffix}. */
    private static Parameter parameter(Block block, String suffix) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            String path = p.getKey().replaceAll("(^|_)\\d\\d", "$1").replace('_', '.');
            if (path.endsWith(suffix.replace('_', '.'))) {
                return p.getValue();
            }
        }
        throw new AssertionError("no parameter " + suffix);
    }

    @Test
    void trainingStepReachesEveryTrainableParameter() {
        MAE mae = tinyMae();
        NDArray images = manager.randomNormal(IMAGES);
        NDArray loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            loss = mae.loss(ps, new NDList(images), new NDList()).total();
            collector.backward(loss);
        }
        assertEquals(new Shape(), loss.getShape());
        assertTrue(Float.isFinite(loss.getFloat()) && loss.getFloat() > 0, "loss " + loss.getFloat());
        for (Pair<String, Parameter> p : mae.getParameters()) {
            Parameter param = p.getValue();
            if (param.requiresGradient()) {
                assertTrue(param.getArray().getGradient().abs().sum().getFloat() > 0, p.getKey() + " has no gradient");
            } else {
                assertTrue(p.getKey().endsWith("pos_embed"), p.getKey() + " is frozen");
            }
        }
        assertEquals(new Shape(2, 17, 32), mae.extractFeat(ps, new NDList(images)).singletonOrThrow().getShape(),
                "extract_feat: the plain ViT, raw tokens");
    }

    @Test
    void lossLearnsOnAFixedBatch() {
        MAE mae = tinyMae();
        NDArray images = manager.randomNormal(IMAGES);
        float first = 0;
        float last = 0;
        for (int step = 0; step < 30; step++) {
            NDArray loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                loss = mae.loss(ps, new NDList(images), new NDList()).total();
                collector.backward(loss);
            }
            for (Pair<String, Parameter> p : mae.getParameters()) {
                NDArray w = p.getValue().getArray();
                if (p.getValue().requiresGradient()) {
                    w.subi(w.getGradient().mul(0.05f));
                    w.getGradient().muli(0);
                }
            }
            if (step < 5) {
                first += loss.getFloat();
            } else if (step >= 25) {
                last += loss.getFloat();
            }
        }
        assertTrue(last < first, "mean loss of the last 5 steps " + last / 5 + " vs the first 5 " + first / 5);
    }

    @Test
    void maskedForwardNeedsTheImageSizeOfThePositionEmbedding() {
        MAEViT vit = encoder("", IMAGES);
        NDArray bigger = manager.randomNormal(new Shape(1, 3, 20, 20));
        Pretrain4jException e = assertThrows(Pretrain4jException.class, () -> vit.forwardMasked(ps, bigger, true));
        assertTrue(e.getMessage().contains("img_size"), e.getMessage());
        assertEquals(new Shape(1, 26, 16), vit.forward(ps, new NDList(bigger), false).singletonOrThrow().getShape(),
                "the plain forward resizes the embedding, as VisionTransformer's");
    }

    @Test
    void mismatchedPartsAreConfigErrors() {
        ConfigException width = assertThrows(ConfigException.class,
                () -> mae(BACKBONE, NECK.replace("embed_dim = 32", "embed_dim = 24"), HEAD));
        assertTrue(width.getMessage().contains("neck.embed_dim") && width.getMessage().contains("32"),
                width.getMessage());
        ConfigException patches = assertThrows(ConfigException.class,
                () -> mae(BACKBONE, NECK.replace("num_patches = 16", "num_patches = 25"), HEAD));
        assertTrue(patches.getMessage().contains("num_patches"), patches.getMessage());
        ConfigException channels = assertThrows(ConfigException.class,
                () -> mae(BACKBONE, NECK, HEAD.replace("patch_size = 4,", "patch_size = 4, in_channels = 1,")));
        assertTrue(channels.getMessage().contains("in_channels"), channels.getMessage());
        ConfigException backbone = assertThrows(ConfigException.class, () -> mae(BACKBONE.replace("MAEViT",
                "MaskFeatViT").replace(", mask_ratio = 0.75", ""), NECK, HEAD));
        assertTrue(backbone.getMessage().contains("MAEViT"), backbone.getMessage());
        ConfigException loss = assertThrows(ConfigException.class,
                () -> mae(BACKBONE, NECK, HEAD.replace("type = PixelReconstructionLoss, criterion = L2",
                        "type = CrossEntropyLoss")));
        assertTrue(loss.getMessage().contains("mask"), loss.getMessage());
    }

    @Test
    void badValuesAreConfigErrors() {
        for (String bad : new String[] {"mask_ratio = 1.0", "mask_ratio = -0.1",
            "arch { embed_dims = 18, num_layers = 1, num_heads = 2, feedforward_channels = 8 }"}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> TestContext.build(Kind.BACKBONE, "type = MAEViT, " + bad), bad);
            assertNotEquals(-1, e.getMessage().indexOf(bad.substring(0, bad.indexOf(' '))), e.getMessage());
        }
        assertThrows(ConfigException.class,
                () -> TestContext.build(Kind.NECK, "type = MAEPretrainDecoder, num_patches = 20"));
        assertThrows(ConfigException.class, () -> TestContext.build(Kind.NECK,
                "type = MAEPretrainDecoder, decoder_embed_dim = 18, decoder_num_heads = 3"));
        assertThrows(ConfigException.class, () -> TestContext.build(Kind.HEAD,
                "type = MAEPretrainHead, norm_pix = true, patch_size = 1, in_channels = 1, "
                        + "loss { type = PixelReconstructionLoss, criterion = L2 }"));
    }
}
