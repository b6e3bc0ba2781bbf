package org.pretrain4j.backbones.convnext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;

final class ConvNeXtFactoryTest {
    private static final ConvNeXtFactory FACTORY = new ConvNeXtFactory();

    private static ConvNeXtConfig parse(String hocon) {
        return FACTORY.parseConfig(ConfigView.parse(hocon));
    }

    @Test
    @SuppressWarnings("rawtypes") // the service interface is generic
    void isAService() {
        Set<String> names = ServiceLoader.load(BackboneFactory.class).stream()
                .map(p -> p.get().typeName())
                .collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("ConvNeXt", "LeNet5")), names.toString());
    }

    @Test
    void defaultsMatchMmpretrain() {
        ConvNeXtConfig tiny = parse("");
        assertEquals(ConvNeXtConfig.of("tiny"), tiny);
        assertEquals(new ConvNeXtConfig(List.of(3, 3, 9, 3), List.of(96, 192, 384, 768), 3, 4, 1e-6, false, 0.0,
                1e-6, List.of(3), 0, true), tiny);
        assertEquals(List.of(3, 3, 27, 3), parse("arch = small").depths());
        assertEquals(List.of(128, 256, 512, 1024), parse("arch = base").channels());
        assertEquals(List.of(192, 384, 768, 1536), parse("arch = large").channels());
        assertEquals(List.of(256, 512, 1024, 2048), parse("arch = xlarge").channels());
    }

    @Test
    void everyKeyIsHonoured() {
        ConfigView view = ConfigView.parse("arch { depths = [2, 1], channels = [8, 16] }, in_channels = 1, "
                + "stem_patch_size = 2, norm_cfg { type = LN2d, eps = 1e-5 }, act_cfg { type = GELU }, "
                + "linear_pw_conv = true, use_grn = true, drop_path_rate = 0.2, layer_scale_init_value = 0, "
                + "out_indices = [0, -1], frozen_stages = 2, gap_before_final_norm = false, with_cp = true");
        ConvNeXtConfig c = FACTORY.parseConfig(view);
        assertEquals(new ConvNeXtConfig(List.of(2, 1), List.of(8, 16), 1, 2, 1e-5, true, 0.2, 0.0, List.of(0, 1), 2,
                false), c);
        assertTrue(view.unreadKeys().isEmpty());
        Set<String> documented = FACTORY.parameters().stream().map(ParamDoc::name).collect(Collectors.toSet());
        assertEquals(documented, view.readKeys());
    }

    @Test
    void badValuesAreConfigErrors() {
        assertError("arch", "arch = tinyy");
        assertError("arch", "arch { depths = [1, 1], channels = [8] }");
        assertError("arch.channels", "arch { depths = [1] }");
        assertError("arch.depths", "arch { depths = [0], channels = [8] }");
        assertError("arch.width", "arch { depths = [1], channels = [8], width = 3 }");
        assertError("out_indices", "out_indices = [4]");
        assertError("out_indices", "out_indices = [-5]");
        assertError("out_indices", "out_indices = []");
        assertError("frozen_stages", "frozen_stages = 5");
        assertError("drop_path_rate", "drop_path_rate = 1.0");
        assertError("layer_scale_init_value", "layer_scale_init_value = -1");
        assertError("norm_cfg.type", "norm_cfg { type = BN }");
        assertError("act_cfg.type", "act_cfg { type = ReLU }");
        assertError("linear_pw_conv", "linear_pw_conv = false");
        ConfigException e = assertThrows(ConfigException.class, () -> parse("arch = huge2"));
        assertTrue(e.getMessage().contains("atto, femto, pico, nano, tiny, small, base, large, xlarge, huge"),
                e.getMessage());
    }

    @Test
    void exampleBuildsWithOneOutputPerReturnedStage() {
        ConvNeXt net = ConvNeXtTest.build(FACTORY.example().config());
        Shape[] outputs = net.getOutputShapes(FACTORY.example().inputShapes().toArray(new Shape[0]));
        assertEquals(2, outputs.length);
    }

    private static void assertError(String path, String hocon) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(hocon), hocon);
        assertEquals(path, e.path(), e.getMessage());
    }
}
