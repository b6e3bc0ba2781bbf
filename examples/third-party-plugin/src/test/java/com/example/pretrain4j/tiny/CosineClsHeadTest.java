package com.example.pretrain4j.tiny;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Head;

final class CosineClsHeadTest {
    @Test
    void logitsAreScaledCosinesAndTheLossTrainsTheWeight() {
        Head head = Components.build(Kind.HEAD, "type = TinyCosineClsHead, num_classes = 3, in_channels = 4, scale = 5");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(6, 4));
            NDList logits = Components.forwardBackward(head, m, x);
            assertEquals(new Shape(6, 3), logits.head().getShape());
            assertTrue(logits.head().abs().max().getFloat() <= 5f + 1e-4, "|scale * cos| <= scale");
            NDArray larger = head.forward(new ParameterStore(m, false), new NDList(x.mul(100f)), false).head();
            assertTrue(larger.sub(logits.head()).abs().max().getFloat() < 1e-4, "invariant to the feature norm");

            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = head.forward(new ParameterStore(m, false), new NDList(x), true);
                NDArray loss = head.loss(out, m.create(new long[] {0, 1, 2, 0, 1, 2})).total();
                assertTrue(loss.getFloat() > 0);
                gc.backward(loss);
            }
            assertTrue(Components.gradientMass(head) > 0);
            NDList predicted = head.predict(new NDList(logits.head()));
            assertEquals(DataType.INT64, predicted.get(1).getDataType());
        }
    }

    @Test
    void wrongFeatureSizeNamesInChannels() {
        Head head = Components.build(Kind.HEAD, "type = TinyCosineClsHead, num_classes = 3, in_channels = 4");
        try (NDManager m = NDManager.newBaseManager()) {
            Pretrain4jException e = assertThrows(Pretrain4jException.class,
                    () -> head.initialize(m, DataType.FLOAT32, new Shape(2, 5)));
            assertTrue(e.getMessage().contains("in_channels = 4"), e.getMessage());
        }
    }
}
