package org.pretrain4j.backbones.mobilenet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.backbones.TestBlocks;

/** MobileNetV2 on tiny inputs; the real size against PyTorch is in CnnParityTest. */
final class MobileNetV2Test {
    private static final MobileNetV2Factory FACTORY = new MobileNetV2Factory();

    @Test
    void everyLayerCanBeReturnedWithMmpretrainChannels() {
        MobileNetV2 net = (MobileNetV2) TestBlocks.build(FACTORY,
                "widen_factor = 0.25, out_indices = [0, 1, 2, 3, 4, 5, 6, 7]");
        try (NDManager m = NDManager.newBaseManager()) {
            Shape[] shapes = TestBlocks.forwardBackward(net, new Shape(2, 3, 32, 32), m);
            // make_divisible(c * 0.25, 8): 16->8, 24->8, 32->8, 64->16, 96->24, 160->40, 320->80; conv2 stays 1280
            assertArrayEquals(new Shape[] {new Shape(2, 8, 16, 16), new Shape(2, 8, 8, 8), new Shape(2, 8, 4, 4),
                new Shape(2, 16, 2, 2), new Shape(2, 24, 2, 2), new Shape(2, 40, 1, 1), new Shape(2, 80, 1, 1),
                new Shape(2, 1280, 1, 1)}, shapes);
            assertEquals(new Shape(8, 3, 3, 3), TestBlocks.torchParameters(net).get("conv1.conv.weight").getArray()
                    .getShape());
        }
        assertEquals(1920, ((MobileNetV2) TestBlocks.build(FACTORY, "widen_factor = 1.5")).featDim());
        assertEquals(1280, ((MobileNetV2) TestBlocks.build(FACTORY, "widen_factor = 0.5")).featDim());
    }

    @Test
    void stateDictKeysFollowMmpretrain() {
        MobileNetV2 net = (MobileNetV2) TestBlocks.build(FACTORY, "widen_factor = 0.25");
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            assertTrue(TestBlocks.torchParameters(net).keySet().containsAll(List.of("conv1.conv.weight",
                    "conv1.bn.running_mean", "layer1.0.conv.0.conv.weight", "layer1.0.conv.1.bn.bias",
                    "layer2.1.conv.2.conv.weight", "layer7.0.conv.2.bn.weight", "conv2.conv.weight",
                    "conv2.bn.running_var")));
        }
    }

    @Test
    void frozenStagesStopConv1GradientsButNotItsStatistics() {
        MobileNetV2 net = (MobileNetV2) TestBlocks.build(FACTORY, "widen_factor = 0.25, frozen_stages = 2");
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 16, 16));
            Map<String, Parameter> p = TestBlocks.torchParameters(net);
            for (String frozen : List.of("conv1.conv.weight", "conv1.bn.weight", "layer1.0.conv.0.conv.weight",
                    "layer2.1.conv.2.bn.bias")) {
                assertFalse(p.get(frozen).requiresGradient(), frozen);
            }
            assertTrue(p.get("layer3.0.conv.0.conv.weight").requiresGradient());
            Map<String, float[]> before = statistics(p);
            TestBlocks.forwardBackward(net, new Shape(2, 3, 16, 16), m);
            Map<String, float[]> after = statistics(p);
            // mmpretrain's _freeze_stages leaves conv1 in train mode; layer1..layer2 are put in eval
            assertFalse(Arrays.equals(before.get("conv1.bn.running_mean"), after.get("conv1.bn.running_mean")));
            assertArrayEquals(before.get("layer2.0.conv.1.bn.running_mean"),
                    after.get("layer2.0.conv.1.bn.running_mean"));
            assertFalse(Arrays.equals(before.get("layer3.0.conv.1.bn.running_mean"),
                    after.get("layer3.0.conv.1.bn.running_mean")));
        }
    }

    @Test
    void normEvalKeepsEveryStatistic() {
        MobileNetV2 net = (MobileNetV2) TestBlocks.build(FACTORY, "widen_factor = 0.25, norm_eval = true");
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 16, 16));
            Map<String, Parameter> p = TestBlocks.torchParameters(net);
            Map<String, float[]> before = statistics(p);
            TestBlocks.forwardBackward(net, new Shape(2, 3, 16, 16), m);
            statistics(p).forEach((k, v) -> assertArrayEquals(before.get(k), v, k));
        }
    }

    @Test
    void configIsValidatedAndDocumented() {
        ConfigView view = ConfigView.parse(FACTORY.example().config());
        FACTORY.parseConfig(view);
        assertEquals(FACTORY.parameters().stream().map(ParamDoc::name).collect(Collectors.toSet()), view.readKeys());
        assertEquals(new MobileNetV2Config(1.0, List.of(7), -1, false), FACTORY.parseConfig(ConfigView.parse("")));
        assertError("out_indices", "out_indices = [8]");
        assertError("out_indices", "out_indices = []");
        assertError("frozen_stages", "frozen_stages = 8");
        assertError("widen_factor", "widen_factor = 0");
    }

    private static void assertError(String key, String hocon) {
        ConfigException e = assertThrows(ConfigException.class, () -> FACTORY.parseConfig(ConfigView.parse(hocon)));
        assertEquals(key, e.path(), e.getMessage());
    }

    static Map<String, float[]> statistics(Map<String, Parameter> params) {
        return params.entrySet().stream().filter(e -> e.getKey().contains("running_"))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getArray().toFloatArray()));
    }
}
