package org.pretrain4j.backbones.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.backbones.TestBlocks;

/**
 * ResNetV1c, ResNetV1d, ResNeXt and SEResNet: what each fixes or adds over ResNet. Real-size counts, names and outputs
 * against PyTorch are in CnnParityTest.
 */
final class ResNetVariantsTest {
    private static final List<AbstractResNetFactory> VARIANTS =
            List.of(new ResNetV1cFactory(), new ResNetV1dFactory(), new ResNeXtFactory(), new SEResNetFactory());

    @Test
    @SuppressWarnings("rawtypes") // the service interface is generic
    void variantsAreServices() {
        Set<String> names = ServiceLoader.load(BackboneFactory.class).stream()
                .map(p -> p.get().typeName())
                .collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("ResNetV1c", "ResNetV1d", "ResNeXt", "SEResNet")), names.toString());
    }

    @Test
    void documentedKeysAreExactlyTheKeysRead() {
        for (AbstractResNetFactory factory : VARIANTS) {
            ConfigView view = ConfigView.parse(factory.example().config());
            factory.parseConfig(view);
            assertEquals(factory.parameters().stream().map(ParamDoc::name).collect(Collectors.toSet()),
                    view.readKeys(), factory.typeName());
        }
    }

    @Test
    void examplesRunForwardAndBackward() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (AbstractResNetFactory factory : VARIANTS) {
                ResNet net = TestNets.build(factory, factory.example().config());
                assertEquals(4, TestBlocks.forwardBackward(net, factory.example().inputShapes().get(0), m).length,
                        factory.typeName());
            }
        }
    }

    @Test
    void v1cAndV1dFixTheStemAndShortcutAndRejectTheKeys() {
        ResNetConfig c = new ResNetV1cFactory().parseConfig(ConfigView.parse("depth = 50"));
        assertTrue(c.deepStem());
        assertFalse(c.avgDown());
        ResNetConfig d = new ResNetV1dFactory().parseConfig(ConfigView.parse("depth = 50"));
        assertTrue(d.deepStem());
        assertTrue(d.avgDown());
        for (String hocon : List.of("depth = 50, deep_stem = true", "depth = 50, avg_down = false")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> new ResNetV1dFactory().parseConfig(ConfigView.parse(hocon)));
            assertTrue(e.getMessage().contains("ResNetV1d fixes deep_stem = true and avg_down = true"),
                    e.getMessage());
        }
        Set<String> documented = new ResNetV1cFactory().parameters().stream().map(ParamDoc::name)
                .collect(Collectors.toSet());
        assertFalse(documented.contains("deep_stem") || documented.contains("avg_down"));
    }

    @Test
    void v1cParameterCountMatchesPyTorch() {
        // tools/fixtures/cnn_param_counts.py: torchvision's resnet50 with the deep stem (3->32->32->64) for conv1/bn1
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = TestNets.build(new ResNetV1cFactory(), "depth = 50");
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            assertEquals(23_527_264L, TestBlocks.countParameters(net));
        }
    }

    @Test
    void resNeXtGroupsTheThreeByThreeAndWidensIt() {
        ResNet net = TestNets.build(new ResNeXtFactory(), "depth = 50, groups = 4, width_per_group = 2, "
                + "base_channels = 8, stem_channels = 8");
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Map<String, Parameter> p = TestBlocks.torchParameters(net);
            // stage 1: out 32, quarter 8, mid = 4 * 2 * 8 / 8 = 8; stage 2: mid 16, grouped by 4
            assertEquals(new Shape(8, 8, 1, 1), p.get("layer1.0.conv1.weight").getArray().getShape());
            assertEquals(new Shape(8, 2, 3, 3), p.get("layer1.0.conv2.weight").getArray().getShape());
            assertEquals(new Shape(16, 4, 3, 3), p.get("layer2.1.conv2.weight").getArray().getShape());
            assertEquals(new Shape(64, 16, 1, 1), p.get("layer2.1.conv3.weight").getArray().getShape());
        }
        ResNetConfig defaults = new ResNeXtFactory().parseConfig(ConfigView.parse("depth = 101"));
        assertEquals(new ResNetConfig.Bottleneck(32, 4, 0), defaults.bottleneck());
    }

    @Test
    void seResNetPutsAnSeLayerInEveryBottleneck() {
        ResNet net = TestNets.build(new SEResNetFactory(), "depth = 50, base_channels = 8, stem_channels = 8");
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Map<String, Parameter> p = TestBlocks.torchParameters(net);
            // out 32, squeeze make_divisible(32 // 16, 8) = 8
            assertEquals(new Shape(8, 32, 1, 1), p.get("layer1.0.se_layer.conv1.conv.weight").getArray().getShape());
            assertEquals(new Shape(32), p.get("layer1.0.se_layer.conv2.conv.bias").getArray().getShape());
            assertEquals(16, p.keySet().stream().filter(k -> k.endsWith("se_layer.conv1.conv.weight")).count());
        }
        assertEquals(16, new SEResNetFactory().parseConfig(ConfigView.parse("depth = 50")).bottleneck().seRatio());
    }

    @Test
    void bottleneckVariantsRejectBasicBlockDepthsAndSeResNetRejectsDropPath() {
        for (AbstractResNetFactory factory : List.of(new ResNeXtFactory(), new SEResNetFactory())) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> factory.parseConfig(ConfigView.parse("depth = 18")));
            assertTrue(e.getMessage().contains("expected one of 50, 101, 152, got 18"), e.getMessage());
        }
        ConfigException e = assertThrows(ConfigException.class,
                () -> new SEResNetFactory().parseConfig(ConfigView.parse("depth = 50, drop_path_rate = 0.1")));
        assertEquals("drop_path_rate", e.path());
        assertThrows(ConfigException.class,
                () -> new ResNeXtFactory().parseConfig(ConfigView.parse("depth = 50, groups = 0")));
        assertArrayEquals(new int[] {50, 101, 152}, ResNet.bottleneckDepths());
        ResNetConfig groupedBasic = new ResNetConfig(18, 3, 64, 64, 4, List.of(1, 2, 2, 2), List.of(1, 1, 1, 1),
                List.of(3), ResNetConfig.Style.PYTORCH, false, false, -1, false, true, 0.0,
                new ResNetConfig.Bottleneck(32, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> new ResNet(groupedBasic, ResNet.Stem.IMAGENET));
    }
}
