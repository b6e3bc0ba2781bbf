package org.pretrain4j.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;

final class WeightReduceTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static void assertScalar(double expected, NDArray actual) {
        assertEquals(new Shape(), actual.getShape(), "expected a scalar");
        assertEquals(expected, actual.getFloat(), 1e-6);
    }

    private static void assertValues(double[] expected, NDArray actual) {
        float[] got = actual.toFloatArray();
        double[] widened = new double[got.length];
        for (int i = 0; i < got.length; i++) {
            widened[i] = got[i];
        }
        assertArrayEquals(expected, widened, 1e-6);
    }

    /** The example of mmpretrain's {@code weighted_loss} docstring, through the loss that wraps it. */
    @Test
    void mmpretrainDocstringExample() {
        L1Loss l1 = new L1Loss(RegressionLossConfig.defaults());
        NDArray pred = manager.create(new float[] {0f, 2f, 3f});
        NDArray target = manager.create(new float[] {1f, 1f, 1f});
        NDArray weight = manager.create(new float[] {1f, 0f, 1f});
        assertScalar(4.0 / 3, l1.loss(pred, target, null, null));
        assertScalar(1.0, l1.loss(pred, target, weight, null));
        assertScalar(1.5, l1.loss(pred, target, weight, 2f));
    }

    @Test
    void reducesWithoutAvgFactor() {
        NDArray loss = manager.create(new float[] {1f, 2f, 3f});
        assertSame(loss, WeightReduce.weightReduce(loss, null, Reduction.NONE, null));
        assertScalar(2.0, WeightReduce.weightReduce(loss, null, Reduction.MEAN, null));
        assertScalar(6.0, WeightReduce.weightReduce(loss, null, Reduction.SUM, null));
    }

    @Test
    void weightMultipliesBeforeReducing() {
        NDArray loss = manager.create(new float[] {1f, 2f, 3f});
        NDArray weight = manager.create(new float[] {1f, 0f, 2f});
        assertScalar(7.0 / 3, WeightReduce.weightReduce(loss, weight, Reduction.MEAN, null));
        assertValues(new double[] {1, 0, 6}, WeightReduce.weightReduce(loss, weight, Reduction.NONE, null));
    }

    @Test
    void avgFactorDividesTheSumInMeanAndLeavesNoneAlone() {
        NDArray loss = manager.create(new float[] {1f, 2f, 3f});
        NDArray weight = manager.create(new float[] {1f, 0f, 2f});
        assertScalar(3.5, WeightReduce.weightReduce(loss, weight, Reduction.MEAN, 2f));
        assertValues(new double[] {1, 0, 6}, WeightReduce.weightReduce(loss, weight, Reduction.NONE, 2f));
    }

    @Test
    void avgFactorWithSumIsAnError() {
        NDArray loss = manager.create(new float[] {1f, 2f, 3f});
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> WeightReduce.weightReduce(loss, null, Reduction.SUM, 2f));
        assertEquals("avg_factor can not be used with reduction=sum", e.getMessage());
    }

    @Test
    void reductionSpellings() {
        assertEquals(Reduction.MEAN, Reduction.fromConfig("mean"));
        assertEquals("none", Reduction.NONE.configName());
        assertThrows(IllegalArgumentException.class, () -> Reduction.fromConfig("MEAN"));
    }
}
