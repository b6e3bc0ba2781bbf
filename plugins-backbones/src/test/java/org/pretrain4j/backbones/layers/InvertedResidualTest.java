package org.pretrain4j.backbones.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pretrain4j.backbones.TestBlocks;

/** Both naming variants of the inverted residual, the expansion and shortcut rules, and the stride check. */
final class InvertedResidualTest {
    private static final BatchNormCfg NORM = BatchNormCfg.BN;

    @Test
    void sharedVariantNamesItsChildrenAsMmpretrainUtils() {
        try (NDManager m = NDManager.newBaseManager()) {
            SELayer se = new SELayer(24, 8, Act.RELU, Act.HSIGMOID);
            InvertedResidual block = InvertedResidual.of(8, 8, 24, 5, 1, se, NORM, Act.HSWISH, 0.1f);
            Shape in = new Shape(2, 8, 6, 6);
            assertEquals(in, TestBlocks.forwardBackward(block, in, m)[0]);
            assertTrue(block.hasShortcut());
            Set<String> keys = TestBlocks.torchParameters(block).keySet();
            assertTrue(keys.containsAll(List.of("expand_conv.conv.weight", "expand_conv.bn.running_var",
                    "depthwise_conv.conv.weight", "se.conv1.conv.bias", "se.conv2.conv.weight",
                    "linear_conv.bn.weight")), keys.toString());
            assertEquals(new Shape(24, 1, 5, 5),
                    TestBlocks.torchParameters(block).get("depthwise_conv.conv.weight").getArray().getShape());

            // mid == in: no expansion; stride 2: no shortcut
            InvertedResidual narrow = InvertedResidual.of(16, 24, 16, 3, 2, null, NORM, Act.RELU, 0f);
            assertEquals(new Shape(2, 24, 3, 3), TestBlocks.forwardBackward(narrow, new Shape(2, 16, 6, 6), m)[0]);
            assertFalse(narrow.hasShortcut());
            assertEquals(List.of("depthwise_conv", "linear_conv"), prefixes(narrow));
        }
    }

    @Test
    void mobileNetV2VariantKeepsItsConvolutionsInASequence() {
        try (NDManager m = NDManager.newBaseManager()) {
            InvertedResidual expand = InvertedResidual.mobileNetV2(8, 8, 1, 6, NORM, Act.RELU6);
            expand.initialize(m, DataType.FLOAT32, new Shape(1, 8, 4, 4));
            assertTrue(expand.hasShortcut());
            assertEquals(List.of("conv.0.conv.weight", "conv.0.bn.weight", "conv.0.bn.bias", "conv.0.bn.running_mean",
                    "conv.0.bn.running_var", "conv.1.conv.weight", "conv.1.bn.weight", "conv.1.bn.bias",
                    "conv.1.bn.running_mean", "conv.1.bn.running_var", "conv.2.conv.weight", "conv.2.bn.weight",
                    "conv.2.bn.bias", "conv.2.bn.running_mean", "conv.2.bn.running_var"),
                    List.copyOf(TestBlocks.torchParameters(expand).keySet()));
            assertEquals(new Shape(48, 8, 1, 1),
                    TestBlocks.torchParameters(expand).get("conv.0.conv.weight").getArray().getShape());

            InvertedResidual first = InvertedResidual.mobileNetV2(32, 16, 1, 1, NORM, Act.RELU6);
            assertEquals(new Shape(1, 16, 4, 4), TestBlocks.forwardBackward(first, new Shape(1, 32, 4, 4), m)[0]);
            assertEquals(new Shape(32, 1, 3, 3),
                    TestBlocks.torchParameters(first).get("conv.0.conv.weight").getArray().getShape());
            assertFalse(TestBlocks.torchParameters(first).containsKey("conv.2.conv.weight"));
        }
    }

    @Test
    void rejectsStridesOtherThanOneAndTwo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InvertedResidual.mobileNetV2(8, 8, 3, 6, NORM, Act.RELU6));
        assertTrue(e.getMessage().contains("stride must be 1 or 2"), e.getMessage());
    }

    private static List<String> prefixes(InvertedResidual block) {
        return TestBlocks.torchParameters(block).keySet().stream().map(k -> k.substring(0, k.indexOf('.')))
                .distinct().toList();
    }
}
