package org.pretrain4j.backbones.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.Image;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.Arch;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.OutType;

final class VisionTransformerFactoryTest {
    private static VisionTransformerConfig parse(String hocon) {
        ConfigView view = ConfigView.parse(hocon);
        VisionTransformerConfig config = new VisionTransformerFactory().parseConfig(view);
        view.checkNoUnknownKeys();
        return config;
    }

    private static ConfigException error(String hocon) {
        return assertThrows(ConfigException.class, () -> parse(hocon));
    }

    @Test
    void defaultsAreMmpretrains() {
        VisionTransformerConfig config = parse("");
        assertEquals(new Arch(768, 12, 12, 3072), config.arch());
        assertEquals(224, config.imgHeight());
        assertEquals(224, config.imgWidth());
        assertEquals(16, config.patchSize());
        assertEquals(List.of(11), config.outIndices());
        assertEquals(OutType.CLS_TOKEN, config.outType());
        assertEquals(Image.Interpolation.BICUBIC, config.interpolateMode());
        assertTrue(config.qkvBias() && config.finalNorm() && config.withClsToken());
        assertEquals(-1, config.frozenStages());
    }

    @Test
    void archNamesAndAliases() {
        assertEquals(parse("arch = base").arch(), parse("arch = B").arch());
        assertEquals(new Arch(768, 8, 8, 2304), parse("arch = s").arch());
        assertEquals(new Arch(1024, 24, 16, 4096), parse("arch = large").arch());
        assertEquals(new Arch(1280, 32, 16, 5120), parse("arch = h").arch());
        assertEquals(new Arch(192, 12, 3, 768), parse("arch = deit-t").arch());
        assertEquals(new Arch(384, 12, 6, 1536), parse("arch = deit-small").arch());
        assertEquals(new Arch(768, 12, 12, 3072), parse("arch = deit-base").arch());
        assertEquals(new Arch(32, 2, 4, 64), parse("arch { embed_dims = 32, num_layers = 2, num_heads = 4, "
                + "feedforward_channels = 64 }").arch());
    }

    @Test
    void badArchsAreExplained() {
        ConfigException unknown = error("arch = deit-tiy");
        assertEquals("arch", unknown.path());
        assertTrue(unknown.getMessage().contains("deit-tiny"), unknown.getMessage());
        ConfigException typo = error("arch { embed_dims = 32, num_layers = 2, num_heads = 4, "
                + "feedforward_channels = 64, num_head = 4 }");
        assertEquals("arch.num_head", typo.path());
        ConfigException missing = error("arch { embed_dims = 32, num_layers = 2, num_heads = 4 }");
        assertEquals("arch.feedforward_channels", missing.path());
        ConfigException heads = error("arch { embed_dims = 30, num_layers = 2, num_heads = 4, "
                + "feedforward_channels = 64 }");
        assertTrue(heads.getMessage().contains("multiple of num_heads"), heads.getMessage());
    }

    @Test
    void outIndicesCountNegativesFromTheEnd() {
        assertEquals(List.of(3, 11), parse("out_indices = [-1, 3]").outIndices());
        assertEquals(List.of(0), parse("out_indices = -12").outIndices());
        assertEquals("out_indices", error("out_indices = [12]").path());
        assertEquals("out_indices", error("out_indices = [-13]").path());
        assertTrue(error("out_indices = [11, -1]").getMessage().contains("twice"));
    }

    @Test
    void imageSizeTakesOneOrTwoValues() {
        VisionTransformerConfig config = parse("img_size = [48, 64]");
        assertEquals(48, config.imgHeight());
        assertEquals(64, config.imgWidth());
        assertEquals("img_size", error("img_size = [1, 2, 3]").path());
        assertEquals("img_size", error("img_size = 0").path());
    }

    @Test
    void otherValuesAreChecked() {
        ConfigException cls = error("with_cls_token = false");
        assertEquals("with_cls_token", cls.path());
        assertTrue(cls.getMessage().contains("out_type"), cls.getMessage());
        assertEquals(OutType.AVG_FEATMAP, parse("with_cls_token = false, out_type = avg_featmap").outType());
        ConfigException both = error("with_cls_token = false, out_type = cls_avg_featmap");
        assertEquals("with_cls_token", both.path());
        assertTrue(both.getMessage().contains("cls_avg_featmap"), both.getMessage());
        assertEquals("out_type", error("out_type = cls").path());
        assertEquals("drop_path_rate", error("drop_path_rate = 1.0").path());
        assertEquals("frozen_stages", error("frozen_stages = 13").path());
        assertEquals("interpolate_mode", error("interpolate_mode = area").path());
        assertEquals(Image.Interpolation.NEAREST, parse("interpolate_mode = nearest").interpolateMode());
        assertEquals("patch_size", error("patch_size = 0").path());
    }
}
