package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
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
}
