package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

final class DropPathTest {
    @Test
    void identityInEvaluation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DropPath drop = new DropPath(0.9f);
            drop.initialize(manager, DataType.FLOAT32, new Shape(4, 3, 2, 2));
            NDList in = new NDList(manager.randomNormal(new Shape(4, 3, 2, 2)));
            assertSame(in, drop.forward(new ParameterStore(manager, false), in, false));
        }
    }

    @Test
    void dropsWholeSamplesAndRescalesSurvivors() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DropPath drop = new DropPath(0.5f);
            NDArray x = manager.ones(new Shape(400, 2, 3));
            NDArray y = drop.forward(new ParameterStore(manager, false), new NDList(x), true).head();
            assertEquals(x.getShape(), y.getShape());
            // Each sample is all zeros or all 1 / keep = 2.
            NDArray perSample = y.reshape(400, 6);
            NDArray max = perSample.max(new int[] {1});
            assertTrue(perSample.min(new int[] {1}).eq(max).all().getBoolean());
            assertTrue(max.eq(0f).logicalOr(max.eq(2f)).all().getBoolean());
            float kept = max.eq(2f).sum().getLong() / 400f;
            assertTrue(kept > 0.35f && kept < 0.65f, "kept fraction " + kept);
        }
    }

    @Test
    void linearDecayIsTorchLinspace() {
        assertArrayEquals(new float[] {0f, 0.05f, 0.1f}, DropPath.linearDecay(0.1, 3), 1e-7f);
        assertArrayEquals(new float[] {0f}, DropPath.linearDecay(0.1, 1));
    }

    @Test
    void rejectsCertainDrop() {
        assertThrows(IllegalArgumentException.class, () -> new DropPath(1f));
        assertThrows(IllegalArgumentException.class, () -> new DropPath(-0.1f));
    }
}
