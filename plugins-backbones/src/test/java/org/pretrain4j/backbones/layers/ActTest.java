package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** Activations against torch.nn.functional (values printed by /usr/bin/python3, torch 1.13). */
final class ActTest {
    private static final float[] X = {-4f, -3f, -1.5f, 0f, 1f, 2.9f, 3f, 7f};

    @Test
    void matchesPyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X);
            // F.hardswish, F.hardsigmoid, F.relu6 on X
            assertArrayEquals(new float[] {0f, 0f, -0.375f, 0f, 0.6666667f, 2.8516667f, 3f, 7f},
                    Act.HSWISH.apply(x).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0f, 0f, 0.25f, 0.5f, 0.6666667f, 0.98333335f, 1f, 1f},
                    Act.HSIGMOID.apply(x).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0f, 0f, 0f, 0f, 1f, 2.9f, 3f, 6f}, Act.RELU6.apply(x).toFloatArray());
            assertArrayEquals(new float[] {0f, 0f, 0f, 0f, 1f, 2.9f, 3f, 7f}, Act.RELU.apply(x).toFloatArray());
            assertEquals(0.5f, Act.SIGMOID.apply(m.create(0f)).getFloat());
            assertTrue(Act.NONE.apply(x) == x);
        }
    }
}
