package org.pretrain4j.selfsup.mim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.selfsup.TestContext;

final class MIMHeadTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static MIMHead head() {
        return (MIMHead) TestContext.build(Kind.HEAD,
                "type = MIMHead, loss { type = PixelReconstructionLoss, criterion = L2 }");
    }

    /** Patch 0 of sample 0 and patch 1 of sample 1 are masked: the loss is their mean squared error, ((1 + 4) / 2). */
    @Test
    void scoresTheMaskedPatchesOnly() {
        NDArray pred = manager.zeros(new Shape(2, 2, 3));
        NDArray target = manager.create(new float[] {1, 1, 1, 9, 9, 9, 7, 7, 7, 2, 2, 2}, new Shape(2, 2, 3));
        NDArray mask = manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
        assertEquals(2.5f, head().loss(pred, target, mask).getFloat(), 1e-6f);
        assertEquals((1 + 81 + 49 + 4) / 4f, head().loss(pred, target, null).getFloat(), 1e-5f, "no mask: all");
        assertEquals(2.5f, head().loss(pred, target, mask.reshape(2, 1, 2)).getFloat(), 1e-6f, "a grid mask");
    }

    @Test
    void forwardCarriesTargetAndMaskForTheHeadContract() {
        MIMHead head = head();
        Shape[] shapes = {new Shape(2, 4, 3), new Shape(2, 4, 3), new Shape(2, 2, 2)};
        head.initialize(manager, DataType.FLOAT32, shapes);
        NDList inputs = new NDList(manager.randomNormal(shapes[0]), manager.randomNormal(shapes[1]),
                manager.ones(shapes[2]));
        NDList out = head.forward(new ParameterStore(manager, false), inputs, true);
        assertArrayEquals(head.getOutputShapes(shapes), out.getShapes());
        assertEquals(new Shape(2, 4), out.get(2).getShape());
        assertEquals(head.loss(inputs.get(0), inputs.get(1), null).getFloat(),
                head.loss(out, null).total().getFloat(), 1e-6f);
        assertEquals(shapes[0], head.predict(out).singletonOrThrow().getShape());
    }

    @Test
    void errors() {
        ConfigException loss = assertThrows(ConfigException.class,
                () -> TestContext.build(Kind.HEAD, "type = MIMHead, loss { type = CrossEntropyLoss }"));
        assertTrue(loss.getMessage().contains("head") || loss.getMessage().contains("mask"), loss.getMessage());
        Pretrain4jException shape = assertThrows(Pretrain4jException.class, () -> head().loss(
                manager.zeros(new Shape(2, 4, 3)), manager.zeros(new Shape(2, 4, 3)), manager.ones(new Shape(2, 3))));
        assertTrue(shape.getMessage().contains("input_size"), shape.getMessage());
    }
}
