package org.pretrain4j.losses;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pretrain4j.losses.Fixtures.assertScalar;
import static org.pretrain4j.losses.Fixtures.assertValues;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;

final class L1LossTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** The example of mmpretrain's {@code weighted_loss} docstring. */
    @Test
    void mmpretrainDocstringExample() {
        L1Loss l1 = new L1Loss(L1LossConfig.defaults());
        NDArray pred = manager.create(new float[] {0f, 2f, 3f});
        NDArray target = manager.create(new float[] {1f, 1f, 1f});
        NDArray weight = manager.create(new float[] {1f, 0f, 1f});
        assertScalar(4.0 / 3, l1.loss(pred, target, null, null));
        assertScalar(1.0, l1.loss(pred, target, weight, null));
        assertScalar(1.5, l1.loss(pred, target, weight, 2f));
    }

    @Test
    void reductionsAndLossWeight() {
        NDArray pred = manager.create(new float[] {0f, 2f, 3f});
        NDArray target = manager.create(new float[] {1f, 1f, 1f});
        assertValues(new double[] {1, 1, 2},
                new L1Loss(new L1LossConfig(Reduction.NONE, 1.0)).loss(pred, target, null, null));
        assertScalar(8.0, new L1Loss(new L1LossConfig(Reduction.SUM, 2.0)).loss(pred, target, null, null));
        assertThrows(Pretrain4jException.class,
                () -> new L1Loss(new L1LossConfig(Reduction.SUM, 1.0)).loss(pred, target, null, 3f));
    }

    @Test
    void needsDenseTargetOfTheSameShape() {
        L1Loss l1 = new L1Loss(L1LossConfig.defaults());
        assertTrue(l1.needsDenseTarget());
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> l1.loss(Fixtures.logits(manager), Fixtures.labels(manager), null, null));
        assertTrue(e.getMessage().contains("(3, 4)"), e.getMessage());
    }

    @Test
    void oneHotTargetAveragedOverBatch() {
        NDArray oneHot = Fixtures.labels(manager).oneHot(4);
        assertScalar(3.6, new L1Loss(L1LossConfig.defaults()).loss(Fixtures.logits(manager), oneHot, null, Fixtures.N));
    }

    @Test
    void outputShapes() {
        Shape[] in = {new Shape(3, 4), new Shape(3, 4)};
        assertTrue(new L1Loss(L1LossConfig.defaults()).getOutputShapes(in)[0].equals(new Shape()));
        assertTrue(new L1Loss(new L1LossConfig(Reduction.NONE, 1)).getOutputShapes(in)[0].equals(new Shape(3, 4)));
    }
}
