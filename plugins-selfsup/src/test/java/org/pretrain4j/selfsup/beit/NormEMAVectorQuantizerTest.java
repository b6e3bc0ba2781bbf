package org.pretrain4j.selfsup.beit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Values from tools/fixtures/beitv2.py ({@code quantizer_step}): mmpretrain's training-mode NormEMAVectorQuantizer
 * step on the four vectors (1, 0), (0, 1), (0.6, 0.5), (-2, 1) with a 3-entry codebook and decay 0.5.
 */
final class NormEMAVectorQuantizerTest {
    private static final float[] CODEBOOK = {1f, 0f, 0f, 1f, -0.9805806875228882f, 0.1961161494255066f};
    private static final float[] TOKENS = {1f, 0f, 0f, 1f, 0.6f, 0.5f, -2f, 1f};

    private NDManager manager;
    private ParameterStore ps;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        ps = new ParameterStore(manager, false);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private NormEMAVectorQuantizer quantizer() {
        NormEMAVectorQuantizer q = new NormEMAVectorQuantizer(3, 2, 0.5);
        q.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 2));
        q.codebook().getArray().set(CODEBOOK);
        return q;
    }

    @Test
    void evalPassGivesNearestCodesAndKeepsTheCodebook() {
        NormEMAVectorQuantizer q = quantizer();
        NDArray codes = q.forward(ps, new NDList(manager.create(TOKENS, new Shape(1, 4, 2))), false)
                .singletonOrThrow();
        assertEquals(DataType.INT64, codes.getDataType());
        assertArrayEquals(new long[] {0, 1, 0, 2}, codes.toLongArray());
        assertArrayEquals(CODEBOOK, q.codebook().getArray().toFloatArray(), 0f);
        assertArrayEquals(new float[3], q.clusterSize().getArray().toFloatArray(), 0f);
    }

    @Test
    void trainingPassUpdatesTheCodebookByEma() {
        NormEMAVectorQuantizer q = quantizer();
        try (NDManager step = manager.newSubManager()) {
            NDArray codes = q.forward(new ParameterStore(step, false),
                    new NDList(step.create(TOKENS, new Shape(1, 4, 2))), true).singletonOrThrow();
            assertArrayEquals(new long[] {0, 1, 0, 2}, codes.toLongArray());
        }
        assertArrayEquals(new float[] {0.9849547147750854f, 0.17281265556812286f, 0f, 1f, -0.9458732008934021f,
            0.32453644275665283f}, q.codebook().getArray().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {1f, 0.5f, 0.5f}, q.clusterSize().getArray().toFloatArray(), 1e-6f);
    }

    @Test
    void randomCodebookStartsNormalised() {
        NormEMAVectorQuantizer q = new NormEMAVectorQuantizer(5, 4, 0.99);
        q.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 4));
        float[] norms = q.codebook().getArray().norm(new int[] {1}).toFloatArray();
        assertArrayEquals(new float[] {1f, 1f, 1f, 1f, 1f}, norms, 1e-5f);
    }
}
