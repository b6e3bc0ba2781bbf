package org.pretrain4j.selfsup.mae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.losses.Penalty;
import org.pretrain4j.losses.PixelReconstructionLoss;
import org.pretrain4j.losses.PixelReconstructionLossConfig;

/**
 * MAE's numerics against tools/fixtures/mae.py (torch 1.13, the same steps as mmpretrain's code): the sin-cos
 * position embedding, random masking with given noise, patchify order and the L2 reconstruction loss with and
 * without norm_pix (unbiased variance), value and gradient.
 */
final class MAEFixturesTest {
    private static final Config FIXTURE = ConfigFactory.parseURL(MAEFixturesTest.class.getResource("/mae_fixture.json"));

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static float[] floats(List<? extends Number> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    private NDArray array(String path, long... shape) {
        return manager.create(floats(FIXTURE.getDoubleList(path)), new Shape(shape));
    }

    static MAEPretrainHead head(boolean normPix, int patchSize, int inChannels) {
        return new MAEPretrainHead(new PixelReconstructionLoss(new PixelReconstructionLossConfig(Penalty.L2, null)),
                normPix, patchSize, inChannels);
    }

    @Test
    void sinCosEmbeddingMatchesTorch() {
        for (Config c : FIXTURE.getConfigList("sincos")) {
            int h = c.getInt("h");
            int dims = c.getInt("dims");
            assertArrayEquals(floats(c.getDoubleList("values")), SinCosPositionEmbedding.values(h, c.getInt("w"), dims),
                    2e-6f, h + "x" + h + " grid, " + dims + " dims");
        }
    }

    @Test
    void randomMaskingMatchesTorch() {
        NDArray tokens = array("masking.tokens", 2, 8, 3);
        NDArray noise = array("masking.noise", 2, 8);
        RandomMasking.Result r = RandomMasking.apply(tokens, noise, FIXTURE.getDouble("masking.ratio"));
        assertEquals(new Shape(2, 2, 3), r.kept().getShape(), "int(8 * 0.25) = 2 tokens kept");
        assertArrayEquals(floats(FIXTURE.getDoubleList("masking.kept")), r.kept().toFloatArray(), 0f);
        assertArrayEquals(floats(FIXTURE.getDoubleList("masking.mask")), r.mask().toFloatArray(), 0f);
        assertArrayEquals(FIXTURE.getLongList("masking.ids_restore").stream().mapToLong(Long::longValue).toArray(),
                r.idsRestore().toLongArray());
    }

    @Test
    void patchifyOrdersPixelsRowColumnChannel() {
        NDArray images = array("reconstruction.images", 2, 3, 8, 8);
        NDArray patches = head(false, 4, 3).patchify(images);
        assertEquals(new Shape(2, 4, 48), patches.getShape());
        assertArrayEquals(floats(FIXTURE.getDoubleList("reconstruction.patches")), patches.toFloatArray(), 0f);
    }

    @Test
    void reconstructionLossAndGradientMatchTorch() {
        NDArray images = array("reconstruction.images", 2, 3, 8, 8);
        NDArray mask = array("reconstruction.mask", 2, 4);
        for (String variant : List.of("plain", "norm_pix")) {
            NDArray pred = array("reconstruction.pred", 2, 4, 48);
            pred.setRequiresGradient(true);
            NDArray loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                loss = head(variant.equals("norm_pix"), 4, 3).loss(pred, images, mask);
                collector.backward(loss);
            }
            Config expected = FIXTURE.getConfig("reconstruction." + variant);
            assertEquals(expected.getDouble("loss"), loss.getFloat(), 2e-6 * expected.getDouble("loss"), variant);
            assertArrayEquals(floats(expected.getDoubleList("grad")), pred.getGradient().toFloatArray(), 2e-7f,
                    variant + " gradient");
        }
    }
}
