package org.pretrain4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;

final class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private LoadedConfig load(Path file) {
        return loader.load(file, List.of());
    }

    private static String fails(Executable e) {
        return assertThrows(ConfigException.class, e).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
        }
    }

    @Test
    void inheritsThroughTwoLevels() throws IOException {
        write("_base_/default_runtime.conf", """
                seed = 1
                model { backbone { type = ResNet, depth = 50, norm_cfg { type = BN } } }
                """);
        write("_base_/models/resnet18.conf", """
                include "../default_runtime.conf"
                model.backbone.depth = 18
                model.head { type = LinearClsHead, num_classes = 1000 }
                """);
        Path child = write("resnet/resnet18_cifar.conf", """
                model.head.num_classes = 10
                include "../_base_/models/resnet18.conf"
                """);

        LoadedConfig loaded = load(child);
        Config c = loaded.config();

        assertEquals(1, c.getInt("seed"));
        assertEquals("ResNet", c.getString("model.backbone.type"));
        assertEquals("BN", c.getString("model.backbone.norm_cfg.type"));
        assertEquals(18, c.getInt("model.backbone.depth"));
        assertEquals("LinearClsHead", c.getString("model.head.type"));
        assertEquals(10, c.getInt("model.head.num_classes"), "the child wins even when it includes last");
        assertEquals(3, loaded.files().size());
        assertEquals(child.toString(), loaded.files().get(0));
        assertTrue(loaded.files().get(2).endsWith("default_runtime.conf"), loaded.files().toString());
        assertEquals(child.toString(), loaded.source());
    }

    @Test
    void fileIncludesResolveAgainstTheIncludingFile() throws IOException {
        write("_base_/a.conf", "a = 1\n");
        Path child = write("exp/child.conf", "include required(file(\"../_base_/a.conf\"))\nb = ${a}\n");

        assertEquals(1, load(child).config().getInt("b"));
    }

    @Test
    void listsReplaceWhole() throws IOException {
        write("base.conf", "model.backbone.out_indices = [0, 1, 2, 3]\npipeline = [{type = A}, {type = B}]\n");
        Path child = write("child.conf", "include \"base.conf\"\nmodel.backbone.out_indices = [3]\n"
                + "pipeline = [{type = C}]\n");

        Config c = load(child).config();

        assertEquals(List.of(3), c.getIntList("model.backbone.out_indices"));
        assertEquals(1, c.getConfigList("pipeline").size());
        assertEquals("C", c.getConfigList("pipeline").get(0).getString("type"));
    }

    @Test
    void deleteReplacesTheInheritedObject() throws IOException {
        write("base.conf", """
                param_scheduler { type = MultiStepLR, milestones = [30, 60], gamma = 0.1 }
                optim_wrapper { optimizer { type = SGD, lr = 0.1, momentum = 0.9 } }
                own { _delete_ = true, x = 1 }
                """);
        Path child = write("child.conf", """
                include "base.conf"
                param_scheduler { type = CosineAnnealingLR, by_epoch = true, _delete_ = true }
                optim_wrapper.optimizer { lr = 0.2, _delete_ = false }
                """);

        Config c = load(child).config();

        assertEquals(List.of("by_epoch", "type"), c.getConfig("param_scheduler").root().keySet().stream().sorted()
                .toList());
        assertEquals("CosineAnnealingLR", c.getString("param_scheduler.type"));
        assertEquals(0.2, c.getDouble("optim_wrapper.optimizer.lr"));
        assertEquals(0.9, c.getDouble("optim_wrapper.optimizer.momentum"), "_delete_ = false merges");
        assertFalse(c.hasPath("optim_wrapper.optimizer._delete_"));
        assertFalse(c.hasPath("own._delete_"), "a _delete_ with nothing to delete is dropped");
        assertEquals(1, c.getInt("own.x"));
    }

    @Test
    void nullDropsAnInheritedObjectAndAnObjectReplacesAnInheritedNull() throws IOException {
        write("base.conf", "model { neck { type = GlobalAveragePooling }, head = null }\n");
        Path child = write("child.conf", "include \"base.conf\"\nmodel { neck = null, head { type = X } }\n");

        Config c = load(child).config();

        assertTrue(c.getIsNull("model.neck"));
        assertEquals("X", c.getString("model.head.type"));
        assertFalse(load(child).view().getView("model").getOptionalView("neck").isPresent());
    }

    @Test
    void siblingBasesMayNotDefineTheSameKey() throws IOException {
        write("a.conf", "model { type = A }\nseed = 1\n");
        write("b.conf", "\n\nmodel { type = B }\n");
        Path child = write("child.conf", "include \"a.conf\"\ninclude \"b.conf\"\nmodel.type = C\n");

        String message = fails(() -> load(child));

        assertContains(message, "model", "a.conf:1", "b.conf:3", "child.conf:2", "sibling bases");
    }

    @Test
    void siblingBasesWithDistinctKeysMerge() throws IOException {
        write("a.conf", "model { type = A }\n");
        write("b.conf", "seed = 3\n");
        Path child = write("child.conf", "include \"a.conf\"\ninclude \"b.conf\"\nseed = 4\n");

        Config c = load(child).config();

        assertEquals("A", c.getString("model.type"));
        assertEquals(4, c.getInt("seed"));
    }

    @Test
    void anObjectOverAnInheritedListNeedsDelete() throws IOException {
        write("base.conf", "model.backbone.init_cfg = [{type = Kaiming}, {type = Constant, val = 1}]\n");
        Path child = write("child.conf", "include \"base.conf\"\n\nmodel.backbone.init_cfg { type = Pretrained }\n");

        String message = fails(() -> load(child));

        assertContains(message, "model.backbone.init_cfg", "child.conf:3", "base.conf:1", "_delete_ = true");

        Path fixed = write("fixed.conf", "include \"base.conf\"\n"
                + "model.backbone.init_cfg { type = Pretrained, _delete_ = true }\n");
        assertEquals("Pretrained", load(fixed).config().getString("model.backbone.init_cfg.type"));
    }

    @Test
    void aScalarOverAnInheritedObjectFailsButAListMayReplaceIt() throws IOException {
        write("base.conf", "model.head { type = LinearClsHead }\nval_evaluator { type = Accuracy }\n");
        Path scalar = write("scalar.conf", "include \"base.conf\"\nmodel.head = 1000\n");
        Path list = write("list.conf", "include \"base.conf\"\nval_evaluator = [{type = Accuracy}, {type = F1}]\n");

        assertContains(fails(() -> load(scalar)), "model.head", "scalar.conf:2", "base.conf:1");
        assertEquals(2, load(list).config().getList("val_evaluator").size());
    }

    @Test
    void aWrongTypeReadThroughTheViewNamesTheChildLine() throws IOException {
        write("base.conf", "model.backbone { type = ResNet, depth = 18 }\n");
        Path child = write("child.conf", "include \"base.conf\"\n# deeper\nmodel.backbone.depth = deep\n");

        ConfigView backbone = load(child).view().getView("model").getView("backbone");
        String message = fails(() -> backbone.getInt("depth"));

        assertContains(message, "model.backbone.depth", child + ":3");
    }

    @Test
    void remoteIncludesAreRefused() throws IOException {
        Path url = write("url.conf", "a = 1\ninclude url(\"https://example.com/x.conf\")\n");
        Path heuristic = write("heuristic.conf", "include \"http://example.com/x.conf\"\n");

        assertContains(fails(() -> load(url)), "remote includes are not allowed", "url.conf:2");
        assertContains(fails(() -> load(heuristic)), "remote includes are not allowed", "heuristic.conf:1");
    }

    @Test
    void aMissingIncludeNamesTheIncludingLine() throws IOException {
        Path child = write("child.conf", "a = 1\n\ninclude required(\"../_base_/nope.conf\")\n");

        assertContains(fails(() -> load(child)), "child.conf:3", "not found", "nope.conf");
    }

    @Test
    void aMissingFileIsAnError() {
        assertContains(fails(() -> load(dir.resolve("absent.conf"))), "absent.conf", "not found");
        assertContains(fails(() -> loader.loadResource("configs/core-test/absent.conf", List.of())),
                "classpath:configs/core-test/absent.conf", "not found");
    }

    @Test
    void anIncludeCycleIsReportedWithItsChain() throws IOException {
        Path a = write("a.conf", "include \"b.conf\"\nx = 1\n");
        write("b.conf", "y = 2\ninclude \"sub/../a.conf\"\n");

        String message = fails(() -> load(a));

        assertContains(message, "include cycle", "a.conf -> ", "b.conf -> ", "b.conf:2");
    }

    @Test
    void anIncludeInsideAnObjectIsRefused() throws IOException {
        write("head.conf", "type = LinearClsHead\n");
        Path child = write("child.conf", "model {\n  head {\n    include \"head.conf\"\n  }\n}\n");

        assertContains(fails(() -> load(child)), "child.conf:3", "top level");
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLine() throws IOException {
        write("base.conf", "a = 1\nb = [1, 2\n");
        Path child = write("child.conf", "include \"base.conf\"\n");

        assertContains(fails(() -> load(child)), "base.conf:");
    }

    @Test
    void substitutionsResolveAcrossFilesAndFromTheEnvironment() throws IOException {
        write("base.conf", """
                num_classes = 10
                train_pipeline = [{type = LoadImageFromFile}]
                """);
        Path child = write("child.conf", """
                include "base.conf"
                model.head.num_classes = ${num_classes}
                train_pipeline = ${train_pipeline} [{type = RandomFlip}]
                train_pipeline += {type = PackInputs}
                search_path = ${PATH}
                data_root = ${?UNSET_PRETRAIN4J_TEST_VARIABLE}
                """);

        Config c = load(child).config();

        assertEquals(10, c.getInt("model.head.num_classes"));
        assertEquals(List.of("LoadImageFromFile", "RandomFlip", "PackInputs"),
                c.getConfigList("train_pipeline").stream().map(p -> p.getString("type")).toList());
        assertEquals(System.getenv("PATH"), c.getString("search_path"));
        assertFalse(c.hasPath("data_root"));
    }

    @Test
    void anUnresolvedSubstitutionNamesTheFileAndLine() throws IOException {
        Path child = write("child.conf", "a = 1\nb = ${no.such.path}\n");

        assertContains(fails(() -> load(child)), "child.conf:2", "no.such.path");
    }

    @Test
    void classpathConfigsIncludeRelativelyAndByClasspath() throws IOException {
        LoadedConfig loaded = loader.loadResource("configs/core-test/child.conf", List.of());

        assertEquals(List.of("classpath:configs/core-test/child.conf", "classpath:configs/core-test/base.conf",
                "classpath:configs/core-test/common.conf"), loaded.files());
        assertEquals(7, loaded.config().getInt("seed"));
        assertEquals("ResNet", loaded.config().getString("model.backbone.type"));
        ConfigView backbone = loaded.view().getView("model").getView("backbone");
        assertContains(fails(() -> backbone.getInt("depth")), "configs/core-test/child.conf:3");

        Path file = write("x.conf", "include classpath(\"configs/core-test/base.conf\")\nseed = 8\n");
        Config c = load(file).config();
        assertEquals(8, c.getInt("seed"));
        assertEquals(18, c.getInt("model.backbone.depth"));
    }

    @Test
    void aStringConfigNamesItsLines() {
        LoadedConfig loaded = loader.loadString("a = 1\nmodel { depth = x }\n", "inline.conf", List.of());

        assertEquals("inline.conf", loaded.source());
        assertContains(fails(() -> loaded.view().getView("model").getInt("depth")), "inline.conf:2");
    }

    @Test
    void renderIsPlainHoconThatParsesBackToTheSameConfig() throws IOException {
        write("base.conf", "# a comment\nmodel { type = ImageClassifier, neck = null, out = [1, 2] }\n");
        Path child = write("child.conf", "include \"base.conf\"\nz = \"a b\"\n");

        LoadedConfig loaded = load(child);
        String text = loaded.render();

        assertFalse(text.contains("#"), text);
        assertFalse(text.contains("include"), text);
        assertEquals(loaded.config().root(), ConfigFactory.parseString(text).resolve().root());
    }
}
