package org.pretrain4j.backbones.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;

final class ResNetFactoryTest {
    private static final ResNetFactory RESNET = new ResNetFactory();
    private static final ResNetCifarFactory CIFAR = new ResNetCifarFactory();

    @Test
    @SuppressWarnings("rawtypes") // the service interface is generic
    void bothFactoriesAreServices() {
        Set<String> names = ServiceLoader.load(BackboneFactory.class).stream()
                .map(p -> p.get().typeName())
                .collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("ResNet", "ResNet_CIFAR")), names.toString());
    }

    @Test
    void defaultsMatchMmpretrain() {
        ResNetConfig c = RESNET.parseConfig(ConfigView.parse("depth = 50"));
        assertEquals(new ResNetConfig(50, 3, 64, 64, 4, List.of(1, 2, 2, 2), List.of(1, 1, 1, 1), List.of(3),
                ResNetConfig.Style.PYTORCH, false, false, -1, false, true, 0.0, ResNetConfig.Bottleneck.PLAIN), c);
    }

    @Test
    void documentedKeysAreExactlyTheKeysRead() {
        for (ComponentFactory<?, ?> factory : List.<ComponentFactory<?, ?>>of(RESNET, CIFAR)) {
            Set<String> documented = factory.parameters().stream().map(ParamDoc::name).collect(Collectors.toSet());
            ConfigView view = ConfigView.parse("depth = 18");
            factory.parseConfig(view);
            assertEquals(documented, view.readKeys(), factory.typeName());
            assertEquals(List.of("depth"), factory.parameters().stream().filter(ParamDoc::isRequired)
                    .map(ParamDoc::name).toList());
        }
    }

    @Test
    void everyKeyIsHonoured() {
        ConfigView view = ConfigView.parse("depth = 101, in_channels = 1, stem_channels = 32, base_channels = 16, "
                + "num_stages = 3, strides = [1, 2, 1, 2], dilations = [1, 1, 2, 1], out_indices = [0, 2], "
                + "style = caffe, deep_stem = true, avg_down = true, frozen_stages = 2, norm_eval = true, "
                + "zero_init_residual = false, drop_path_rate = 0.1");
        ResNetConfig c = RESNET.parseConfig(view);
        assertEquals(new ResNetConfig(101, 1, 32, 16, 3, List.of(1, 2, 1), List.of(1, 1, 2), List.of(0, 2),
                ResNetConfig.Style.CAFFE, true, true, 2, true, false, 0.1, ResNetConfig.Bottleneck.PLAIN), c);
        assertTrue(view.unreadKeys().isEmpty());
    }

    @Test
    void depthMustBeAnArchitecture() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(RESNET, "depth = 19"));
        assertTrue(e.getMessage().contains("expected one of 18, 34, 50, 101, 152, got 19"), e.getMessage());
        assertEquals("depth", e.path());
        assertThrows(ConfigException.class, () -> parse(RESNET, "in_channels = 3"));
    }

    @Test
    void styleMustBePytorchOrCaffe() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(RESNET, "depth = 50, style = torch"));
        assertTrue(e.getMessage().contains("expected one of pytorch, caffe, got 'torch'"), e.getMessage());
    }

    @Test
    void stageKeysAreCheckedAgainstNumStages() {
        assertError("num_stages", "depth = 18, num_stages = 5");
        assertError("num_stages", "depth = 18, num_stages = 0");
        assertError("out_indices", "depth = 18, out_indices = [4]");
        assertError("out_indices", "depth = 18, num_stages = 2, out_indices = [2]");
        assertError("out_indices", "depth = 18, out_indices = [-1]");
        assertError("out_indices", "depth = 18, out_indices = []");
        assertError("strides", "depth = 18, strides = [1, 2, 2]");
        assertError("dilations", "depth = 18, dilations = [1, 0, 1, 1]");
        assertError("frozen_stages", "depth = 18, num_stages = 2, out_indices = [1], frozen_stages = 3");
        assertError("drop_path_rate", "depth = 18, drop_path_rate = 1.0");
        assertError("base_channels", "depth = 18, base_channels = 0");
        // Fewer stages need only as many strides as stages.
        assertEquals(List.of(1, 2), parse(RESNET, "depth = 18, num_stages = 2, out_indices = [1]").strides());
    }

    @Test
    void cifarRejectsDeepStem() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(CIFAR, "depth = 18, deep_stem = true"));
        assertEquals("deep_stem", e.path());
        assertFalse(parse(RESNET, "depth = 18, deep_stem = true").avgDown());
    }

    @Test
    void examplesBuild() {
        for (AbstractResNetFactory factory : List.of(RESNET, CIFAR)) {
            ResNet net = TestNets.build(factory, factory.example().config());
            Shape[] inputs = factory.example().inputShapes().toArray(new Shape[0]);
            assertEquals(4, net.getOutputShapes(inputs).length);
        }
    }

    private static ResNetConfig parse(AbstractResNetFactory factory, String hocon) {
        return factory.parseConfig(ConfigView.parse(hocon));
    }

    private static void assertError(String key, String hocon) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(RESNET, hocon), hocon);
        assertEquals(key, e.path(), e.getMessage());
    }
}
