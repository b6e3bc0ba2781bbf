package org.pretrain4j.selfsup.maskfeat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
import org.pretrain4j.selfsup.TestContext;

final class MaskFeatTest {
    /**
     * Image 28, patch 2: a 14 x 14 grid of 32-dimensional tokens, two layers; HOG with 2-pixel cells and a 14-pixel
     * window gives 27 features (3 channels x 9 bins) for each of the 14 x 14 patches.
     */
    private static final String TINY = "type = MaskFeat, "
            + "backbone { type = MaskFeatViT, arch { embed_dims = 32, num_layers = 2, num_heads = 4, "
            + "feedforward_channels = 64 }, img_size = 28, patch_size = 2 }, "
            + "neck { type = LinearNeck, in_channels = 32, out_channels = 27, norm_cfg = null }, "
            + "head { type = MIMHead, loss { type = PixelReconstructionLoss, criterion = L2 } }, "
            + "target_generator { type = HOGGenerator, nbins = 9, pool = 2, gaussian_window = 14 }";
    private static final Shape IMAGES = new Shape(2, 3, 28, 28);

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

    private MaskFeat tinyMaskFeat(String hocon) {
        MaskFeat model = (MaskFeat) TestContext.build(Kind.SELF_SUPERVISOR, hocon);
        model.initialize(manager, DataType.FLOAT32, IMAGES);
        return model;
    }

    private MaskFeatViT encoder() {
        MaskFeatViT vit = (MaskFeatViT) TestContext.build(Kind.BACKBONE, "type = MaskFeatViT, arch { embed_dims = 16, "
                + "num_layers = 1, num_heads = 2, feedforward_channels = 16 }, img_size = 16, patch_size = 4");
        vit.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 16, 16));
        return vit;
    }

    /** A block of masked patches per sample, as BEiTMaskGenerator makes them: rows 3..8, columns 2..9 of 14 x 14. */
    private NDArray blockMask() {
        float[] mask = new float[2 * 14 * 14];
        for (int n = 0; n < 2; n++) {
            for (int r = 3 + n; r < 9 + n; r++) {
                for (int c = 2; c < 10; c++) {
                    mask[n * 196 + r * 14 + c] = 1;
                }
            }
        }
        return manager.create(mask, new Shape(2, 14, 14));
    }

    @Test
    void anEmptyMaskGivesThePlainForwardPass() {
        MaskFeatViT vit = encoder();
        NDArray images = manager.randomNormal(new Shape(2, 3, 16, 16));
        NDArray masked = vit.forwardMasked(ps, images, manager.zeros(new Shape(2, 4, 4)), false);
        NDArray plain = vit.forward(ps, new NDList(images), false).singletonOrThrow();
        assertEquals(new Shape(2, 17, 16), masked.getShape());
        assertArrayEquals(plain.toFloatArray(), masked.toFloatArray(), 1e-6f);
    }

    @Test
    void maskedPatchesAreReplacedByTheMaskToken() {
        MaskFeatViT vit = encoder();
        NDArray a = manager.randomNormal(new Shape(2, 3, 16, 16));
        NDArray b = manager.randomNormal(new Shape(2, 3, 16, 16));
        NDArray all = manager.ones(new Shape(2, 16));
        assertArrayEquals(vit.forwardMasked(ps, a, all, false).toFloatArray(),
                vit.forwardMasked(ps, b, all, false).toFloatArray(), 1e-6f,
                "with every patch masked the image no longer matters");
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> vit.forwardMasked(ps, a, manager.ones(new Shape(2, 5, 5)), false));
        assertTrue(e.getMessage().contains("input_size"), e.getMessage());
    }

    @Test
    void trainingStepReachesEveryTrainableParameter() {
        MaskFeat model = tinyMaskFeat(TINY);
        NDArray loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            loss = model.loss(ps, new NDList(manager.randomNormal(IMAGES), blockMask()), new NDList()).total();
            collector.backward(loss);
        }
        assertTrue(Float.isFinite(loss.getFloat()) && loss.getFloat() > 0, "loss " + loss.getFloat());
        for (Pair<String, Parameter> p : model.getParameters()) {
            assertTrue(p.getValue().requiresGradient(), p.getKey());
            assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0, p.getKey());
        }
        assertEquals(new Shape(2, 197, 32),
                model.extractFeat(ps, new NDList(manager.randomNormal(IMAGES))).singletonOrThrow().getShape());
    }

    /** The loss is the mean squared error of the masked patches' predictions only, found by the array's name. */
    @Test
    void onlyMaskedPatchesCountAndANamedMaskIsFound() {
        MaskFeat model = tinyMaskFeat(TINY);
        NDArray images = manager.randomNormal(IMAGES);
        NDArray mask = blockMask();
        mask.setName("mask");
        NDArray other = manager.randomNormal(IMAGES);
        float named = model.loss(ps, new NDList(images, other, mask), new NDList()).total().getFloat();
        float second = model.loss(ps, new NDList(images, blockMask()), new NDList()).total().getFloat();
        assertEquals(second, named, 1e-6f);

        NDArray latent = model.backbone() instanceof MaskFeatViT vit
                ? vit.forwardMasked(ps, images, mask.reshape(2, 196), false) : null;
        NDArray pred = model.neck().forward(ps, new NDList(latent.reshape(2 * 197, 32)), false).singletonOrThrow()
                .reshape(2, 197, 27).get(":, 1:");
        NDArray hog = model.targetGenerator().forward(ps, new NDList(images), false).singletonOrThrow();
        NDArray perPatch = pred.sub(hog).square().mean(new int[] {2});
        NDArray flat = mask.reshape(2, 196);
        float expected = perPatch.mul(flat).sum().div(flat.sum()).getFloat();
        assertEquals(expected, second, 1e-5f * expected);
    }

    @Test
    void aMissingMaskOrAMismatchedTargetIsAClearError() {
        MaskFeat model = tinyMaskFeat(TINY);
        Pretrain4jException missing = assertThrows(Pretrain4jException.class,
                () -> model.loss(ps, new NDList(manager.randomNormal(IMAGES)), new NDList()));
        assertTrue(missing.getMessage().contains("BEiTMaskGenerator"), missing.getMessage());
        MaskFeat wrongNeck = (MaskFeat) TestContext.build(Kind.SELF_SUPERVISOR,
                TINY.replace("out_channels = 27", "out_channels = 108"));
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> wrongNeck.initialize(manager, DataType.FLOAT32, IMAGES));
        assertTrue(e.getMessage().contains("target generator"), e.getMessage());
    }

    @Test
    void maskTokenStartsNearZeroAndHasItsOwnLayerDepth() {
        MaskFeatViT vit = encoder();
        assertEquals(vit.numLayers() - 1, vit.layerDepth("mask_token"),
                "mmpretrain: anything but the embeddings and layers takes the last id");
        assertEquals(0, vit.layerDepth("pos_embed"));
        for (Pair<String, Parameter> p : vit.getParameters()) {
            if (p.getKey().endsWith("mask_token")) {
                float rms = (float) Math.sqrt(p.getValue().getArray().square().mean().getFloat());
                assertTrue(rms > 0 && rms < 0.06, "N(0, 0.02): rms " + rms);
            }
        }
    }
}
