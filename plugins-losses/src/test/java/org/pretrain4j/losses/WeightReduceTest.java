package org.pretrain4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.pretrain4j.losses.Fixtures.assertScalar;
import static org.pretrain4j.losses.Fixtures.assertValues;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
