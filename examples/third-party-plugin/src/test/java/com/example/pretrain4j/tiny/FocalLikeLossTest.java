package com.example.pretrain4j.tiny;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Loss;

final class FocalLikeLossTest {
    @Test
    void gammaZeroIsCrossEntropyAndFocusingLowersEasySamples() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {2f, 0f, -1f, 0f, 0f, 3f}, new ai.djl.ndarray.types.Shape(2, 3));
            NDArray labels = m.create(new long[] {0, 1});
            float ce = logits.logSoftmax(-1).mul(labels.oneHot(3)).sum().neg().div(2f).getFloat();
            Loss plain = Components.build(Kind.LOSS, "type = TinyFocalLoss, gamma = 0");
            assertEquals(ce, plain.loss(logits, labels, null, null).getFloat(), 1e-5);
            Loss focal = Components.build(Kind.LOSS, "type = TinyFocalLoss, gamma = 2");
            assertTrue(focal.loss(logits, labels, null, null).getFloat() < ce);
            // Dense targets give the same value as the indices they encode.
            assertEquals(focal.loss(logits, labels, null, null).getFloat(),
                    focal.loss(logits, labels.oneHot(3), null, null).getFloat(), 1e-6);
        }
    }

    @Test
    void weightReductionAndAvgFactorFollowMmpretrain() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.randomNormal(new ai.djl.ndarray.types.Shape(4, 5));
            NDArray labels = m.create(new long[] {0, 1, 2, 3});
            NDArray weight = m.create(new float[] {1f, 0f, 1f, 0f});
            Loss none = Components.build(Kind.LOSS, "type = TinyFocalLoss, reduction = none");
            NDArray perSample = none.loss(logits, labels, null, null);
            assertEquals(4, perSample.size());
            Loss mean = Components.build(Kind.LOSS, "type = TinyFocalLoss, loss_weight = 2.0");
            float weighted = perSample.mul(weight).sum().getFloat();
            assertEquals(2 * weighted / 3f, mean.loss(logits, labels, weight, 3f).getFloat(), 1e-5);
            assertEquals(2 * weighted / 4f, mean.loss(logits, labels, weight, null).getFloat(), 1e-5);
            Loss sum = Components.build(Kind.LOSS, "type = TinyFocalLoss, reduction = sum");
            assertThrows(Pretrain4jException.class, () -> sum.loss(logits, labels, null, 4f));
        }
    }
}
