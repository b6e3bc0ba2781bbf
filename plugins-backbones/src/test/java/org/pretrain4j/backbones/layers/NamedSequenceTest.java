package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pretrain4j.core.inspect.ModuleTree;

/** NamedSequence keys children like nn.Sequential; ModuleList maps input i through element i. */
final class NamedSequenceTest {
    @Test
    void activationsTakeNoChildAndPositionsFollowPyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            // nn.Sequential(Linear(3, 4), ReLU(), Linear(4, 2)): the ReLU holds position 1.
            NamedSequence seq = new NamedSequence().add("0", Linear.builder().setUnits(4).build(), Act.RELU)
                    .add("2", Linear.builder().setUnits(2).build());
            seq.initialize(m, DataType.FLOAT32, new Shape(5, 3));
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"),
                    List.copyOf(ModuleTree.torchParameters(seq).keySet()));
            NDArray out = seq.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(5, 3))), false)
                    .singletonOrThrow();
            assertEquals(new Shape(5, 2), out.getShape());
            assertArrayEquals(new Shape[] {new Shape(5, 2)}, seq.getOutputShapes(new Shape[] {new Shape(5, 3)}));

            NamedSequence positional = new NamedSequence().addAll(List.of(Linear.builder().setUnits(4).build(),
                    Linear.builder().setUnits(2).build()));
            positional.initialize(m, DataType.FLOAT32, new Shape(5, 3));
            assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"),
                    List.copyOf(ModuleTree.torchParameters(positional).keySet()));
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
