package org.pretrain4j.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the PyTorch fixtures do not cover: label data types and the block forward path. */
final class CrossEntropyLossTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray loss(NDArray target) {
        return new CrossEntropyLoss(CrossEntropyLossConfig.defaults()).loss(Fixtures.logits(manager), target, null, 3f);
    }

    /** Labels read from files or made by other code may be int32 or float; all mean the same classes. */
    @Test
    void int64Int32AndFloatLabelsAgree() {
        float expected = loss(Fixtures.labels(manager)).getFloat();
        assertEquals(expected, loss(manager.create(new int[] {1, 2, 0})).getFloat(), 1e-6);
        assertEquals(expected, loss(manager.create(new float[] {1f, 2f, 0f})).getFloat(), 1e-6);
        assertEquals(expected, loss(Fixtures.labels(manager).reshape(3, 1)).getFloat(), 1e-6);
    }

    @Test
    void blockForwardMatchesLossCallAndDeclaredShapes() {
        CrossEntropyLoss block = new CrossEntropyLoss(CrossEntropyLossConfig.defaults());
        NDList out = block.forward(new ParameterStore(manager, false),
                new NDList(Fixtures.logits(manager), Fixtures.labels(manager)), false);
        assertArrayEquals(block.loss(Fixtures.logits(manager), Fixtures.labels(manager), null, null).toFloatArray(),
                out.singletonOrThrow().toFloatArray());
        Shape[] in = {new Shape(3, 4), new Shape(3)};
        assertEquals(new Shape(), block.getOutputShapes(in)[0]);
        assertEquals(new Shape(3), Fixtures.create(CrossEntropyLossFactory.NAME, "reduction = none")
                .getOutputShapes(in)[0]);
        assertEquals(new Shape(3, 4), Fixtures.create(CrossEntropyLossFactory.NAME,
                "reduction = none, use_sigmoid = true").getOutputShapes(in)[0]);
    }
}
