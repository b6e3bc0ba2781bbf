package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

final class Pool2dTest {
    @Test
    void declaredShapesMatchPytorch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Pool2d pool : List.of(Pool2d.max(3, 2, 1), Pool2d.avg(2, 2, 0, true, false),
                    Pool2d.avg(3, 2, 1, true, false), Pool2d.avg(2, 2, 0, false, true))) {
                for (int size : new int[] {2, 5, 7, 16, 45}) {
                    Shape in = new Shape(1, 2, size, size + 1);
                    NDArray out = pool.forward(new ParameterStore(manager, false),
                            new NDList(manager.ones(in)), false).head();
                    assertEquals(out.getShape(), pool.getOutputShapes(new Shape[] {in})[0], pool + " on " + in);
                }
            }
        }
    }

    @Test
    void ceilModeAverageIgnoresPadding() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // AvgPool2d(2, 2, ceil_mode=True, count_include_pad=False) on 3x3 ones: the partial windows average to 1.
            NDArray out = Pool2d.avg(2, 2, 0, true, false).forward(new ParameterStore(manager, false),
                    new NDList(manager.ones(new Shape(1, 1, 3, 3))), false).head();
            assertEquals(manager.ones(new Shape(1, 1, 2, 2)), out);
        }
    }
}
