package org.pretrain4j.backbones.mobilenet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.backbones.TestBlocks;

/** MobileNetV3 on tiny inputs; the real sizes against PyTorch are in CnnParityTest. */
final class MobileNetV3Test {
    private static final MobileNetV3Factory FACTORY = new MobileNetV3Factory();

    @Test
    void everyLayerCanBeReturned() {
        MobileNetV3 net = (MobileNetV3) TestBlocks.build(FACTORY,
                "arch = small_050, out_indices = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]");
        try (NDManager m = NDManager.newBaseManager()) {
            Shape[] shapes = TestBlocks.forwardBackward(net, new Shape(2, 3, 32, 32), m);
            long[] channels = new long[shapes.length];
            long[] sizes = new long[shapes.length];
            for (int i = 0; i < shapes.length; i++) {
                channels[i] = shapes[i].get(1);
                sizes[i] = shapes[i].get(2);
            }
            // small_050's out channels, then the last row's mid (288); strides 2, 2, 2, 1, 2, 1, 1, 1, 1, 2, ...
            assertArrayEquals(new long[] {16, 8, 16, 16, 24, 24, 24, 24, 24, 48, 48, 48, 288}, channels);
            assertArrayEquals(new long[] {16, 8, 4, 4, 2, 2, 2, 2, 2, 1, 1, 1, 1}, sizes);
        }
    }

    @Test
    void defaultsFollowTheArch() {
        assertEquals(new MobileNetV3Config(MobileNetV3.Arch.SMALL, List.of(12), -1, false),
                FACTORY.parseConfig(ConfigView.parse("")));
        assertEquals(List.of(16), FACTORY.parseConfig(ConfigView.parse("arch = large")).outIndices());
        assertEquals(960, MobileNetV3.Arch.LARGE.featDim());
        assertEquals(432, MobileNetV3.Arch.SMALL_075.featDim());
        assertEquals(576, ((MobileNetV3) TestBlocks.build(FACTORY, "arch = small")).featDim());
    }

    @Test
    void stateDictKeysFollowMmpretrain() {
        MobileNetV3 net = (MobileNetV3) TestBlocks.build(FACTORY, "arch = small_050");
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Map<String, Parameter> p = TestBlocks.torchParameters(net);
            assertTrue(p.keySet().containsAll(List.of("layer0.conv.weight", "layer0.bn.weight",
                    "layer1.depthwise_conv.conv.weight", "layer1.se.conv1.conv.weight", "layer1.se.conv2.conv.bias",
                    "layer1.linear_conv.bn.running_var", "layer2.expand_conv.conv.weight", "layer12.conv.weight",
                    "layer12.bn.bias")), p.keySet().toString());
            assertFalse(p.containsKey("layer1.expand_conv.conv.weight"), "mid 16 == in 16: no expansion");
            assertFalse(p.containsKey("layer2.se.conv1.conv.weight"), "row 2 has no SE");
        }
    }

    @Test
    void batchNormsUseMomentumOneHundredth() {
        MobileNetV3 net = (MobileNetV3) TestBlocks.build(FACTORY, "arch = small_050");
        try (NDManager m = NDManager.newBaseManager()) {
            Shape input = new Shape(2, 3, 16, 16);
            net.initialize(m, DataType.FLOAT32, input);
            NDArray x = m.randomNormal(input);
            ParameterStore ps = new ParameterStore(m, false);
            net.forward(ps, new NDList(x), true);
            Block conv = net.getChildren().get(0).getValue().getChildren().get(0).getValue();
            NDArray y = conv.forward(ps, new NDList(x), false).singletonOrThrow();
            NDArray batchMean = y.mean(new int[] {0}).mean(new int[] {1}).mean(new int[] {1});
            NDArray running = TestBlocks.torchParameters(net).get("layer0.bn.running_mean").getArray();
            assertArrayEquals(batchMean.mul(0.01f).toFloatArray(), running.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void frozenStagesCountTheStem() {
        MobileNetV3 net = (MobileNetV3) TestBlocks.build(FACTORY, "arch = small_050, frozen_stages = 1");
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 16, 16));
            Map<String, Parameter> p = TestBlocks.torchParameters(net);
            Map<String, float[]> before = MobileNetV2Test.statistics(p);
            TestBlocks.forwardBackward(net, new Shape(2, 3, 16, 16), m);
            Map<String, float[]> after = MobileNetV2Test.statistics(p);
            p.forEach((key, param) -> {
                boolean frozen = key.startsWith("layer0.") || key.startsWith("layer1.");
                if (!key.contains("running_")) {
                    assertEquals(!frozen, param.requiresGradient(), key);
                } else if (frozen) {
                    assertArrayEquals(before.get(key), after.get(key), key);
                }
            });
        }
    }

    @Test
    void configIsValidatedAndDocumented() {
        ConfigView view = ConfigView.parse(FACTORY.example().config());
        FACTORY.parseConfig(view);
        assertEquals(FACTORY.parameters().stream().map(ParamDoc::name).collect(Collectors.toSet()), view.readKeys());
        ConfigException arch = assertThrows(ConfigException.class,
                () -> FACTORY.parseConfig(ConfigView.parse("arch = tiny")));
        assertTrue(arch.getMessage().contains("expected one of small, small_075, small_050, large"),
                arch.getMessage());
        assertThrows(ConfigException.class, () -> FACTORY.parseConfig(ConfigView.parse("out_indices = [13]")));
        assertEquals(List.of(16), FACTORY.parseConfig(ConfigView.parse("arch = large, out_indices = [16]"))
                .outIndices());
        assertThrows(ConfigException.class, () -> FACTORY.parseConfig(ConfigView.parse("frozen_stages = 13")));
    }
}
