package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pretrain4j.backbones.TestBlocks;

/** mmcv ConvModule: its state-dict names, the bias rule, padding and groups. */
final class ConvModuleTest {
    @Test
    void namesConvAndBnAndDropsTheBiasBeforeANorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConvModule depthwise = ConvModule.builder(8).kernel(5).stride(2).groups(8).act(Act.HSWISH).build();
            depthwise.initialize(m, DataType.FLOAT32, new Shape(2, 8, 9, 9));
            Map<String, Shape> shapes = shapes(depthwise);
            assertEquals(List.of("conv.weight", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"),
                    List.copyOf(shapes.keySet()));
            assertEquals(new Shape(8, 1, 5, 5), shapes.get("conv.weight"));
            // padding kernel / 2 keeps the size at stride 1; stride 2 gives ceil(9 / 2)
            assertEquals(new Shape(2, 8, 5, 5), TestBlocks.forwardBackward(depthwise, new Shape(2, 8, 9, 9), m)[0]);

            ConvModule plain = ConvModule.builder(4).norm(null).build();
            plain.initialize(m, DataType.FLOAT32, new Shape(1, 6, 3, 3));
            assertEquals(Map.of("conv.weight", new Shape(4, 6, 1, 1), "conv.bias", new Shape(4)), shapes(plain));
        }
    }

    @Test
    void rejectsNonPositiveSizes() {
        assertThrows(IllegalArgumentException.class, () -> ConvModule.builder(0));
        assertThrows(IllegalArgumentException.class, () -> ConvModule.builder(4).stride(0));
    }

    private static Map<String, Shape> shapes(ConvModule module) {
        Map<String, Shape> out = new LinkedHashMap<>();
        TestBlocks.torchParameters(module).forEach((k, p) -> out.put(k, p.getArray().getShape()));
        return out;
    }
}
