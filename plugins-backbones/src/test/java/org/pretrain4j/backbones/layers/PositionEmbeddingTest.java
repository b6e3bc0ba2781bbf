package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class PositionEmbeddingTest {
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void matchesPyTorchInterpolate() throws IOException {
        NDList fixture = TransformerEncoderLayerTest.fixture(manager);
        NDArray pos = fixture.get("pos_embed");
        for (Image.Interpolation mode : new Image.Interpolation[] {
            Image.Interpolation.BICUBIC, Image.Interpolation.BILINEAR, Image.Interpolation.NEAREST
        }) {
            NDArray resized = PositionEmbedding.resize(pos, new long[] {3, 3}, new long[] {4, 5}, mode, 1, manager);
            assertClose(fixture.get("pos_embed." + mode.name().toLowerCase(Locale.ROOT)), resized, mode.name());
        }
        NDArray shrunk = PositionEmbedding.resize(fixture.get("pos_embed_4x5"), new long[] {4, 5}, new long[] {3, 2},
                Image.Interpolation.BICUBIC, 0, manager);
        assertClose(fixture.get("pos_embed_4x5.bicubic"), shrunk, "downsampling");
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what);
        float maxError = actual.sub(expected).abs().max().getFloat();
        assertTrue(maxError < 1e-5f, what + ": max error " + maxError);
    }

    @Test
    void gradientsReachTheEmbedding() {
        NDArray pos = manager.randomNormal(new Shape(1, 5, 3));
        pos.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(PositionEmbedding.resize(pos, new long[] {2, 2}, new long[] {3, 3},
                    Image.Interpolation.BICUBIC, 1, manager).sum());
        }
        // The class token is copied once; the grid weights of each output position sum to 1.
        assertEquals(1f, pos.getGradient().get("0, 0, 0").getFloat(), 1e-6f);
        assertEquals(9f, pos.getGradient().get(":, 1:, 0").sum().getFloat(), 1e-5f);
    }

    @Test
    void sameGridIsReturnedAsIs() {
        NDArray pos = manager.randomNormal(new Shape(1, 5, 3));
        assertSame(pos, PositionEmbedding.resize(pos, new long[] {2, 2}, new long[] {2, 2},
                Image.Interpolation.BICUBIC, 1, manager));
    }

    @Test
    void resultLandsInTheGivenManagerNotTheParameters() {
        try (NDManager model = NDManager.newBaseManager()) {
            NDArray pos = model.randomNormal(new Shape(1, 4, 3));
            NDArray out = PositionEmbedding.resize(pos, new long[] {2, 2}, new long[] {3, 1},
                    Image.Interpolation.NEAREST, 0, manager);
            assertEquals(new Shape(1, 3, 3), out.getShape());
            assertSame(manager, out.getManager());
            assertEquals(1, model.getManagedArrays().size());
        }
    }

    @Test
    void wrongLengthIsRejected() {
        NDArray pos = manager.zeros(new Shape(1, 5, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PositionEmbedding.resize(
                pos, new long[] {3, 3}, new long[] {2, 2}, Image.Interpolation.BICUBIC, 1, manager));
        assertTrue(e.getMessage().contains("3x3 grid"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PositionEmbedding.resize(manager.zeros(new Shape(1, 4, 3)),
                new long[] {2, 2}, new long[] {3, 3}, Image.Interpolation.AREA, 0, manager));
    }
}
