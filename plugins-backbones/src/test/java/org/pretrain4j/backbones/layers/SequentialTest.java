package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pretrain4j.core.inspect.ModuleTree;

/** Sequential keys children by position like nn.Sequential; ModuleList maps input i through element i. */
final class SequentialTest {
    @Test
    void functionsTakePositionsButNoChild() {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear first = Linear.builder().setUnits(4).build();
            Sequential seq = new Sequential().add(first).add(Activation::relu).add(Linear.builder().setUnits(2).build());
            assertEquals(3, seq.size());
            assertSame(first, seq.get(0));
            assertThrows(IllegalArgumentException.class, () -> seq.get(1));
            seq.initialize(m, DataType.FLOAT32, new Shape(5, 3));
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"),
                    List.copyOf(ModuleTree.torchParameters(seq).keySet()));
            NDArray out = seq.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(5, 3))), false)
                    .singletonOrThrow();
            assertEquals(new Shape(5, 2), out.getShape());
            assertArrayEquals(new Shape[] {new Shape(5, 2)}, seq.getOutputShapes(new Shape[] {new Shape(5, 3)}));
        }
    }

    @Test
    void moduleListInitialisesEachElementWithItsOwnShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            ModuleList list = new ModuleList().add(Linear.builder().setUnits(4).build())
                    .add(Linear.builder().setUnits(2).build());
            list.initialize(m, DataType.FLOAT32, new Shape(1, 3), new Shape(1, 7));
            assertEquals(new Shape(2, 7), ModuleTree.torchParameters(list).get("1.weight").getArray().getShape());
            NDList out = list.forward(new ParameterStore(m, false),
                    new NDList(m.ones(new Shape(1, 3)), m.ones(new Shape(1, 7))), false);
            assertArrayEquals(new Shape[] {new Shape(1, 4), new Shape(1, 2)}, out.getShapes());
            assertThrows(IllegalArgumentException.class, () -> list.getOutputShapes(new Shape[] {new Shape(1, 3)}));
        }
    }
}
