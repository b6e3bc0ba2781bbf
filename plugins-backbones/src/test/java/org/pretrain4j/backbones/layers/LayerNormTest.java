package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.backbones.TestBlocks;

final class LayerNormTest {
    @Test
    void normalisesTheLastAxisOfAnyRank() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(manager, false);
            for (Shape shape : new Shape[] {new Shape(3, 8), new Shape(2, 3, 8)}) {
                LayerNorm norm = new LayerNorm(1e-6f);
                norm.initialize(manager, DataType.FLOAT32, shape);
                assertEquals(List.of("gamma", "beta"), List.copyOf(TestBlocks.parametersByPath(norm).keySet()));
                assertEquals(new Shape(8), TestBlocks.parametersByPath(norm).get("gamma").getArray().getShape());
                NDArray x = manager.randomNormal(3f, 2f, shape, DataType.FLOAT32);
                NDArray y = norm.forward(ps, new NDList(x), false).singletonOrThrow();
                NDArray mean = x.mean(new int[] {-1}, true);
                NDArray var = x.sub(mean).square().mean(new int[] {-1}, true);
                NDArray expected = x.sub(mean).div(var.add(1e-6f).sqrt());
                assertArrayEquals(expected.toFloatArray(), y.toFloatArray(), 1e-5f);
            }
        }
    }

    @Test
    void normalisesEachPixelOverChannelsWithScaleAndShift() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(2, 3, 4, 5);
            LayerNorm ln = LayerNorm.channelFirst(1e-6f);
            ln.initialize(m, DataType.FLOAT32, shape);
            ln.getParameters().get("gamma").getArray().set(new float[] {1f, 2f, 3f});
            ln.getParameters().get("beta").getArray().set(new float[] {0f, -1f, 0.5f});
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(1f, 2f, shape, DataType.FLOAT32);
            NDArray out = ln.forward(ps, new NDList(x), false).singletonOrThrow();
            assertEquals(shape, out.getShape());

            // Reference: mean and biased variance over axis 1, one pixel at a time.
            NDArray mean = x.mean(new int[] {1}, true);
            NDArray var = x.sub(mean).square().mean(new int[] {1}, true);
            NDArray expected = x.sub(mean).div(var.add(1e-6f).sqrt())
                    .mul(m.create(new float[] {1f, 2f, 3f}).reshape(1, 3, 1, 1))
                    .add(m.create(new float[] {0f, -1f, 0.5f}).reshape(1, 3, 1, 1));
            assertArrayEquals(expected.toFloatArray(), out.toFloatArray(), 1e-5f);

            // The channel-last entry point computes the same on permuted data, and on pooled (N, C) vectors.
            NDArray last = ln.normalizeLastAxis(ps, x.transpose(0, 2, 3, 1), false).transpose(0, 3, 1, 2);
            assertArrayEquals(out.toFloatArray(), last.toFloatArray(), 1e-6f);
            assertEquals(new Shape(2, 3), ln.normalizeLastAxis(ps, x.mean(new int[] {3}).mean(new int[] {2}), false)
                    .getShape());
        }
    }

    @Test
    void channelFirstRejectsOtherRanks() {
        LayerNorm ln = LayerNorm.channelFirst(1e-5f);
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> ln.getOutputShapes(new Shape[] {new Shape(2, 3)}));
        assertEquals("LayerNorm2d expects (N, C, H, W) inputs, got shape (2, 3)", e.getMessage());
    }
}
