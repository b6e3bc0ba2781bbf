package com.example.pretrain4j.tiny.selfsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

final class RandomMaskingTest {
    @Test
    void keepsARandomSubsetPerSampleAndRecordsWhichInTheMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Token t of sample s has every feature equal to 100 s + t, so a kept token tells where it came from.
            NDArray ids = m.arange(0f, 10f).reshape(1, 10, 1).repeat(0, 2).add(m.create(new float[] {0, 100})
                    .reshape(2, 1, 1));
            NDArray tokens = ids.repeat(2, 3);
            RandomMasking.Masked r = RandomMasking.apply(tokens, 0.75);
            assertEquals(new Shape(2, 2, 3), r.kept().getShape()); // int(10 * 0.25) = 2
            assertEquals(new Shape(2, 10), r.mask().getShape());
            assertArrayEquals(new float[] {8f, 8f}, r.mask().sum(new int[] {1}).toFloatArray());
            for (int s = 0; s < 2; s++) {
                for (int k = 0; k < 2; k++) {
                    int token = (int) r.kept().getFloat(s, k, 0) - 100 * s;
                    assertEquals(0f, r.mask().getFloat(s, token), "kept token " + token + " is marked 0");
                    assertEquals(k, r.idsRestore().getLong(s, token), "ids_restore points at its kept slot");
                }
            }
        }
    }
}
