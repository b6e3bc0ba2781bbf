package org.pretrain4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.config.ConfigException;

final class OverridesTest {
    private static final String BASE = """
            model {
              backbone { type = ResNet, depth = 18, out_indices = [3] }
              head { type = LinearClsHead, num_classes = 1000, topk = [1] }
              neck = null
            }
            train_pipeline = [
              { type = LoadImageFromFile }
              { type = RandomFlip, prob = 0.5 }
            ]
            num_classes = 10
            """;

    private final ConfigLoader loader = new ConfigLoader();

    private LoadedConfig load(String... overrides) {
        return loader.loadString(BASE, "base.conf", List.of(overrides));
    }

    private static void assertFails(String override, String... parts) {
        String message = assertThrows(ConfigException.class,
                () -> new ConfigLoader().loadString(BASE, "base.conf", List.of(override))).getMessage();
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
        }
    }

    @Test
    void setsScalarsOfEveryType() {
        Config c = load("model.backbone.depth=50", "model.backbone.type=ResNetV1d", "model.head.cal_acc=true",
                "model.head.loss_weight=0.5", "load_from=https://download.example.com/r50.pth").config();

        assertEquals(50, c.getInt("model.backbone.depth"));
        assertEquals("ResNetV1d", c.getString("model.backbone.type"));
        assertTrue(c.getBoolean("model.head.cal_acc"));
        assertEquals(0.5, c.getDouble("model.head.loss_weight"));
        assertEquals("https://download.example.com/r50.pth", c.getString("load_from"), "bare strings are verbatim");
    }

    @Test
    void setsListsAndNull() {
        Config c = load("model.head.topk=[1,5]", "model.backbone=null").config();

        assertEquals(List.of(1, 5), c.getIntList("model.head.topk"));
        assertTrue(c.getIsNull("model.backbone"));
    }

    @Test
    void anObjectMergesIntoTheExistingObject() {
        Config c = load("model.head={num_classes=10, loss={type=CrossEntropyLoss}}",
                "model.neck={type=GlobalAveragePooling}").config();

        assertEquals("LinearClsHead", c.getString("model.head.type"));
        assertEquals(10, c.getInt("model.head.num_classes"));
        assertEquals("CrossEntropyLoss", c.getString("model.head.loss.type"));
        assertEquals("GlobalAveragePooling", c.getString("model.neck.type"), "an object may replace null");

        Config replaced = load("model.head={_delete_=true, type=OtherHead}").config();
        assertEquals(List.of("type"), List.copyOf(replaced.getConfig("model.head").root().keySet()));
    }

    @Test
    void laterOverridesWinAndMissingPathsAreCreated() {
        Config c = load("a.b.c=1", "a.b.c=2", "model.backbone.depth=${num_classes}").config();

        assertEquals(2, c.getInt("a.b.c"));
        assertEquals(10, c.getInt("model.backbone.depth"), "substitutions in values resolve against the config");
    }

    @Test
    void anIndexStepsIntoAList() {
        Config c = load("train_pipeline.1.prob=0.0", "train_pipeline.0={type=LoadImageFromNpy}").config();

        assertEquals(0.0, c.getConfigList("train_pipeline").get(1).getDouble("prob"));
        assertEquals("RandomFlip", c.getConfigList("train_pipeline").get(1).getString("type"));
        assertEquals("LoadImageFromNpy", c.getConfigList("train_pipeline").get(0).getString("type"));
        assertEquals(2, c.getConfigList("train_pipeline").size());
    }

    @Test
    void anOutOfRangeIndexFails() {
        assertFails("train_pipeline.2.prob=0.0", "train_pipeline", "out of range", "2 elements",
                "--set train_pipeline.2.prob=0.0");
        assertFails("train_pipeline.x=1", "train_pipeline", "must be an index");
    }

    @Test
    void malformedOverridesNameTheOverride() {
        assertFails("model.backbone.depth", "--set model.backbone.depth", "key=value");
        assertFails("=3", "--set =3");
        assertFails("model.head.topk=[1,5", "--set model.head.topk=[1,5", "malformed");
        assertFails("model.head.topk=1,5", "--set model.head.topk=1,5", "one HOCON value");
        assertFails("model.backbone.depth.x=1", "model.backbone.depth", "not an object");
    }

    @Test
    void aValueSetByAnOverrideNamesItInLaterErrors() {
        LoadedConfig loaded = load("model.backbone.depth=deep");

        String message = assertThrows(ConfigException.class,
                () -> loaded.view().getView("model").getView("backbone").getInt("depth")).getMessage();

        assertTrue(message.contains("(--set model.backbone.depth=deep)"), message);
        assertEquals(List.of("model.backbone.depth=deep"), loaded.overrides());
    }

    @Test
    void overridesWorkThroughSubstitutions() {
        String hocon = "_backbones.r18 { type = ResNet, depth = 18 }\nmodel.backbone = ${_backbones.r18}\n"
                + "pipeline = [{type = A}]\n";

        Config c = new ConfigLoader().loadString(hocon, "s.conf", List.of("model.backbone.depth=50",
                "pipeline=${pipeline} [{type=B}]")).config();

        assertEquals("ResNet", c.getString("model.backbone.type"));
        assertEquals(50, c.getInt("model.backbone.depth"));
        assertEquals(18, c.getInt("_backbones.r18.depth"));
        assertEquals(List.of("A", "B"), c.getConfigList("pipeline").stream().map(p -> p.getString("type")).toList());
    }
}
