package com.example.pretrain4j.tiny;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.model.Neck;

final class GlobalMaxPoolingTest {
    @Test
    void takesTheSpatialMaximumOfEveryStage() {
        Neck neck = Components.build(Kind.NECK, "type = TinyGlobalMaxPooling");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(0f, 16f).reshape(1, 2, 2, 4);
            NDArray y = m.randomNormal(new Shape(1, 3, 5, 5));
            NDList out = Components.forwardBackward(neck, m, x, y);
            assertArrayEquals(new float[] {7f, 15f}, out.get(0).toFloatArray());
            assertEquals(new Shape(1, 3), out.get(1).getShape());
            assertArrayEquals(y.reshape(1, 3, 25).max(new int[] {2}).toFloatArray(), out.get(1).toFloatArray());
        }
    }
}
