package com.example.pretrain4j.tiny;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.model.Head;

final class TanhHiddenClsHeadTest {
    @Test
    void startsUniformAndTrainsItsOutputLayer() {
        Head head = Components.build(Kind.HEAD, "type = TinyTanhHiddenClsHead, num_classes = 5, in_channels = 4, "
                + "hidden_dim = 6, loss { type = TinyFocalLoss }");
        try (NDManager m = NDManager.newBaseManager()) {
            NDList logits = Components.forwardBackward(head, m, m.randomNormal(new Shape(3, 4)));
            assertEquals(new Shape(3, 5), logits.head().getShape());
            // The zero-initialised output layer gives every class the same score at first.
            assertEquals(0f, logits.head().abs().max().getFloat(), 1e-7);
            assertEquals(0.2f, head.predict(logits).head().getFloat(0, 0), 1e-6);
            assertTrue(Components.gradientMass(head) > 0);
        }
    }
}
