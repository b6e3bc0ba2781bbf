package org.pretrain4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.train.OptimParam;

/** clip_grad_norm_(max_norm, 2): the global norm over all gradients, 2-D ones flattened (Frobenius, not spectral). */
final class GradientClipperTest {
    @Test
    void scalesAllGradientsToMaxNormAndReturnsTheNorm() {
        try (NDManager manager = NDManager.newBaseManager(); NDManager scratch = manager.newSubManager()) {
            OptimParam a = OptimTesting.param(manager, "a", new float[] {0f, 0f}, 1, 1);
            OptimParam b = OptimTesting.param(manager, "b", new float[] {0f, 0f, 0f, 0f}, 1, 1);
            OptimTesting.setGradient(a, new float[] {3f, 4f}, scratch);
            OptimTesting.setGradient(b, new float[] {1f, 2f, 3f, 4f}, scratch);
            float norm = GradientClipper.clipByGlobalNorm(List.of(a, b), 1.0, scratch);
            // sqrt(9 + 16 + 1 + 4 + 9 + 16) = sqrt(55)
            assertEquals(Math.sqrt(55), norm, 1e-5);
            float coef = 1f / ((float) Math.sqrt(55) + 1e-6f);
            assertArrayEquals(new float[] {3 * coef, 4 * coef}, a.parameter().getArray().getGradient().toFloatArray(),
                    1e-6f);
            assertArrayEquals(new float[] {coef, 2 * coef, 3 * coef, 4 * coef},
                    b.parameter().getArray().getGradient().toFloatArray(), 1e-6f);
            float after = GradientClipper.clipByGlobalNorm(List.of(a, b), 1.0, scratch);
            assertEquals(1.0, after, 1e-5);
        }
    }

    @Test
    void leavesSmallGradientsAlone() {
        try (NDManager manager = NDManager.newBaseManager(); NDManager scratch = manager.newSubManager()) {
            OptimParam a = OptimTesting.param(manager, "a", new float[] {0f, 0f}, 1, 1);
            OptimTesting.setGradient(a, new float[] {3f, 4f}, scratch);
            assertEquals(5f, GradientClipper.clipByGlobalNorm(List.of(a), 10, scratch), 1e-6f);
            assertArrayEquals(new float[] {3f, 4f}, a.parameter().getArray().getGradient().toFloatArray(), 0f);
        }
    }

    @Test
    void twoDimensionalGradientsUseTheFlattenedNorm() {
        try (NDManager manager = NDManager.newBaseManager(); NDManager scratch = manager.newSubManager()) {
            var array = manager.zeros(new ai.djl.ndarray.types.Shape(2, 2));
            array.setRequiresGradient(true);
            var p = ai.djl.nn.Parameter.builder().setName("weight").setType(ai.djl.nn.Parameter.Type.WEIGHT)
                    .optArray(array).build();
            OptimParam param = new OptimParam("w", p, 1, 1);
            try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                gc.backward(scratch.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2))
                        .mul(array).sum());
            }
            // Frobenius sqrt(30) = 5.4772; the spectral norm would be 5.4650
            assertEquals(Math.sqrt(30), GradientClipper.clipByGlobalNorm(List.of(param), 100, scratch), 1e-5);
        }
    }
}
