package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.checkpoint.Checkpoints;
import org.pretrain4j.core.checkpoint.SafeTensors;
import org.pretrain4j.core.checkpoint.WeightFile;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.inspect.ModuleTree;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.weights.KeyConverter;
import org.pretrain4j.core.weights.Pretrained;

/**
 * torchvision weights converted and loaded through configs give torchvision's logits. The reduced fixtures come from
 * {@code tools/fixtures/parity_resnet.py} (ResNet-50's layout with 8 stem and 4 base channels) and
 * {@code parity_vit_mobilenet_v2.py}; the same checks run on the full-size models when
 * {@code -Dpretrain4j.parity.dir=DIR} names those scripts' {@code --full} output. {@code -Dpretrain4j.export.dir=DIR} keeps the round trip's export for
 * {@code tools/fixtures/roundtrip_check.py}.
 */
final class PretrainedWeightsTest {
    private static final Path REDUCED = Path.of("src/test/resources/weights/resnet50_reduced");
    private static final String REDUCED_MODEL = "model { type = ImageClassifier, "
            + "backbone { type = ResNet, depth = 50, stem_channels = 8, base_channels = 4 }, "
            + "neck { type = GlobalAveragePooling }, "
            + "head { type = LinearClsHead, num_classes = 10, in_channels = 128 } }\n";

    /**
     * An architecture converted from torchvision: its fixtures' directory name, the backbone type it needs, and the
     * configs of the reduced variant committed for CI and of the full-size model.
     */
    private record Arch(String name, String backbone, String reducedModel, String fullModel) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Arch> ARCHS = List.of(
            new Arch("resnet50", "ResNet", REDUCED_MODEL,
                    "include classpath(\"configs/_base_/models/resnet50.conf\")\n"),
            new Arch("vit_b_16", "VisionTransformer", "model { type = ImageClassifier, backbone { type = "
                    + "VisionTransformer, arch { embed_dims = 16, num_layers = 2, num_heads = 2, "
                    + "feedforward_channels = 32 }, img_size = 32, patch_size = 8 }, "
                    + "head { type = VisionTransformerClsHead, num_classes = 10, in_channels = 16 } }\n",
                    "model { type = ImageClassifier, backbone { type = VisionTransformer, arch = base, img_size = 224, "
                    + "patch_size = 16 }, head { type = VisionTransformerClsHead, num_classes = 1000, "
                    + "in_channels = 768 } }\n"),
            new Arch("mobilenet_v2", "MobileNetV2", mobileNetV2(0.1, 10), mobileNetV2(1.0, 1000)));

    private static String mobileNetV2(double widenFactor, int classes) {
        return "model { type = ImageClassifier, backbone { type = MobileNetV2, widen_factor = " + widenFactor + " }, "
                + "neck { type = GlobalAveragePooling }, head { type = LinearClsHead, num_classes = " + classes
                + ", in_channels = 1280 } }\n";
    }

    private static List<Arch> archs() {
        return ARCHS;
    }
    private static final double TOLERANCE = 1e-4;
    private static final Path KEY_LISTS = Path.of("../framework-core/src/test/resources/weights/keys");

    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private record Built(TaskModel model, List<Pretrained.Outcome> outcomes) {}

    /** Builds, initialises and loads a model the way {@code build} and training do. */
    private Built build(String hocon, long[] inputShape) {
        LoadedConfig config = new ConfigLoader().loadString(hocon, "test.conf", List.of());
        ComponentBuilder builder = new ComponentBuilder(ComponentRegistry.ofClasspath());
        TaskModel model = builder.buildModel(config.config());
        model.initialize(manager, DataType.FLOAT32, new ai.djl.ndarray.types.Shape(inputShape));
        List<Pretrained.Outcome> outcomes = Pretrained.initAndLoad(model, builder.pretrainedInits(),
                ConfigView.of(config.config().root(), ""));
        return new Built(model, outcomes);
    }

    private static NDArray logits(TaskModel model, NDArray input) {
        return model.forward(new ParameterStore(input.getManager(), false), new NDList(input), false)
                .singletonOrThrow();
    }

    private Map<String, NDArray> io(Path fixtures) {
        try (WeightFile w = WeightFile.open(fixtures.resolve("io.npz"))) {
            return w.read(manager, k -> true);
        }
    }

    private static String convert(Path in, Path out) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = Main.run(new String[] {"convert", in.toString(), out.toString(), "--from", "torchvision"},
                new PrintWriter(stdout, true), new PrintWriter(stderr, true));
        assertEquals(0, code, stderr.toString());
        return stdout.toString();
    }

    /** Our logits against PyTorch's, within the 1e-4; the difference is printed for the record. */
    private static void assertParity(String what, TaskModel model, Map<String, NDArray> io) {
        NDArray expected = io.get("logits");
        float diff = logits(model, io.get("input")).sub(expected).abs().max().getFloat();
        System.out.printf("%s vs torchvision: max abs diff %.3g over %s logits%n", what, diff, expected.getShape());
        assertTrue(diff < TOLERANCE, what + ": max abs diff " + diff);
    }

    private static String quoted(Path p) {
        return "\"" + p.toAbsolutePath().toString().replace("\\", "\\\\") + "\"";
    }

    @Test
    void reducedResNet50ThroughInitCfgWithPrefixesMatchesTorchvision() {
        Path converted = dir.resolve("r50.safetensors");
        String printed = convert(REDUCED.resolve("torchvision.pth"), converted);
        assertTrue(printed.contains("converted 320 tensors from torchvision names (resnet, detected)"), printed);
        Map<String, NDArray> io = io(REDUCED);

        // The weights through init_cfg on the backbone and the head, with mmpretrain's prefixes.
        String initCfg = REDUCED_MODEL + "model.backbone.init_cfg { type = Pretrained, checkpoint = "
                + quoted(converted) + ", prefix = backbone }\nmodel.head.init_cfg = [{ type = Normal, std = "
                + "0.01 }, { type = Pretrained, checkpoint = " + quoted(converted) + ", prefix = \"head.\" }]\n";
        Built byInitCfg = build(initCfg, io.get("input").getShape().getShape());
        assertEquals(2, byInitCfg.outcomes().size());
        String backbone = byInitCfg.outcomes().get(0).summary();
        assertTrue(backbone.startsWith("loaded 265 tensors from") && backbone.contains("into backbone")
                && backbone.contains("model.backbone.init_cfg (test.conf:"), backbone);
        assertTrue(byInitCfg.outcomes().get(1).summary().startsWith("loaded 2 tensors"));
        assertParity("reduced ResNet-50 by init_cfg", byInitCfg.model(), io);

        // A parent's init_cfg applies after its children's, as in mmengine, so the whole-model checkpoint wins.
        Built nested = build(initCfg + "model.init_cfg { type = Pretrained, checkpoint = " + quoted(converted) + " }",
                io.get("input").getShape().getShape());
        assertEquals(List.of("backbone", "head", "the model"), nested.outcomes().stream()
                .map(o -> o.summary().replaceAll("(?s).* into (.*), as .*", "$1")).toList());
    }

    @Test
    void theBuildCommandLoadsAndReportsTheConfigsWeights() throws Exception {
        Path converted = dir.resolve("r50.safetensors");
        convert(REDUCED.resolve("torchvision.pth"), converted);
        Path config = Files.writeString(dir.resolve("r50.conf"), REDUCED_MODEL + "load_from = " + quoted(converted));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"build", config.toString(), "--input-shape", "3,64,64"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().startsWith("loaded 267 tensors from " + converted.toAbsolutePath()
                + " into the model, as load_from (" + config), out.toString());
    }

    @Test
    void exportedWeightsReloadToIdenticalOutputs() {
        Path converted = dir.resolve("r50.safetensors");
        convert(REDUCED.resolve("torchvision.pth"), converted);
        Map<String, NDArray> io = io(REDUCED);
        long[] shape = io.get("input").getShape().getShape();
        Built first = build(REDUCED_MODEL + "load_from = " + quoted(converted), shape);
        NDArray before = logits(first.model(), io.get("input"));
        Path outDir = System.getProperty("pretrain4j.export.dir") == null ? dir
                : Path.of(System.getProperty("pretrain4j.export.dir"));
        Path exported = outDir.resolve("exported.safetensors");
        Checkpoints.saveWeights(exported, first.model(), Map.of());
        SafeTensors.write(outDir.resolve("java_logits.safetensors"), Map.of("logits", before), Map.of());

        Built second = build(REDUCED_MODEL, shape);
        Checkpoints.loadWeights(exported, second.model(), Checkpoints.LoadOptions.strict());

        assertArrayEquals(before.toFloatArray(), logits(second.model(), io.get("input")).toFloatArray());
    }

    /**
     * Converted torchvision weights loaded by {@code load_from} give torchvision's logits: the reduced variant always
     * (its conversion even before its backbone is registered), the full-size model when
     * {@code -Dpretrain4j.parity.dir=DIR} holds the {@code --full} output of the fixture scripts.
     */
    @ParameterizedTest
    @MethodSource("archs")
    void torchvisionWeightsConvertedAndLoadedGiveTorchvisionsLogits(Arch arch) {
        Path reduced = Path.of("src/test/resources/weights", arch.name() + "_reduced");
        Path converted = convertFixture(reduced);
        Assumptions.assumeTrue(ComponentRegistry.ofClasspath().find(Kind.BACKBONE, arch.backbone()).isPresent(),
                arch.backbone() + " is not registered");
        checkParity(arch.name() + " reduced", reduced, converted, arch.reducedModel());
        String full = System.getProperty("pretrain4j.parity.dir");
        if (full != null && Files.exists(Path.of(full, arch.name(), "io.npz"))) {
            Path fixtures = Path.of(full, arch.name());
            checkParity(arch.name() + " full size", fixtures, convertFixture(fixtures), arch.fullModel());
        }
    }

    private Path convertFixture(Path fixtures) {
        Path converted = dir.resolve(fixtures.getFileName() + ".safetensors");
        String printed = convert(fixtures.resolve("torchvision.pth"), converted);
        assertTrue(printed.contains("detected"), printed);
        return converted;
    }

    private void checkParity(String what, Path fixtures, Path converted, String model) {
        Map<String, NDArray> io = io(fixtures);
        Built built = build(model + "load_from = " + quoted(converted), io.get("input").getShape().getShape());
        assertTrue(built.outcomes().get(0).exact(), built.outcomes().get(0).summary());
        assertParity(what, built.model(), io);
    }

    /**
     * torchvision's full-size key lists, converted, are exactly the parameter keys of the models they are meant for
     * (less BatchNorm's num_batches_tracked, which DJL does not keep). Backbones that are not registered yet are
     * skipped, so the ViT and MobileNetV2 tables are checked against the real models as soon as those land.
     */
    @ParameterizedTest
    @MethodSource("archs")
    void convertedTorchvisionKeysAreExactlyTheModelsKeys(Arch arch) throws Exception {
        ComponentRegistry registry = ComponentRegistry.ofClasspath();
        Assumptions.assumeTrue(registry.find(Kind.BACKBONE, arch.backbone()).isPresent(),
                arch.backbone() + " is not registered");
        List<String> keys = Files.readAllLines(KEY_LISTS.resolve("torchvision_" + arch.name() + ".txt")).stream()
                .filter(k -> !k.isBlank()).toList();
        KeyConverter.Arch detected = KeyConverter.detect(KeyConverter.Source.TORCHVISION, keys).orElseThrow();
        Set<String> converted = KeyConverter.convert(KeyConverter.Source.TORCHVISION, detected, keys).values().stream()
                .filter(k -> !k.endsWith(".num_batches_tracked")).collect(Collectors.toCollection(TreeSet::new));
        TaskModel built = new ComponentBuilder(registry).buildModel(new ConfigLoader().loadString(arch.fullModel(),
                "keys.conf", List.of()).config());
        assertEquals(converted, new TreeSet<>(ModuleTree.torchParameters(built).keySet()));
    }

    @Test
    void loadErrorsNameTheConfigPathAndOrigin() {
        long[] shape = {1, 3, 32, 32};
        Path absent = dir.resolve("absent.pth");
        CheckpointException missing = assertThrows(CheckpointException.class, () -> build(REDUCED_MODEL
                + "model.backbone.init_cfg { type = Pretrained, checkpoint = " + quoted(absent) + " }", shape));
        assertTrue(missing.getMessage().startsWith("model.backbone.init_cfg (test.conf:2): checkpoint file")
                && missing.getMessage().contains("does not exist"), missing.getMessage());

        Path converted = dir.resolve("r50.safetensors");
        convert(REDUCED.resolve("torchvision.pth"), converted);
        String fiveClasses = REDUCED_MODEL + "model.head.num_classes = 5\nload_from = ";
        CheckpointException mismatch = assertThrows(CheckpointException.class,
                () -> build(fiveClasses + quoted(converted), shape));
        assertTrue(mismatch.getMessage().startsWith("load_from (test.conf:3): checkpoint")
                && mismatch.getMessage().contains("head.fc.weight: checkpoint (10, 128) vs model (5, 128)")
                && mismatch.getMessage().contains("allow_shape_mismatch"), mismatch.getMessage());

        Built allowed = build(fiveClasses + "{ checkpoint = " + quoted(converted)
                + ", allow_shape_mismatch = true }", shape);
        String summary = allowed.outcomes().get(0).summary();
        assertTrue(summary.startsWith("loaded 265 tensors") && summary.contains("2 shape-mismatched keys"), summary);

        ConfigException unknownType = assertThrows(ConfigException.class, () -> build(REDUCED_MODEL
                + "model.neck.init_cfg { type = Kaimin }", shape));
        assertTrue(unknownType.getMessage().contains("Did you mean 'Kaiming'"), unknownType.getMessage());
        CheckpointException url = assertThrows(CheckpointException.class, () -> build(REDUCED_MODEL
                + "model.backbone.init_cfg { type = Pretrained, checkpoint = \"https://x/r50.pth\" }", shape));
        assertTrue(url.getMessage().startsWith("model.backbone.init_cfg (test.conf:2): checkpoint 'https://x/r50.pth'"
                + " is a URL; downloads are not supported"), url.getMessage());
        CheckpointException prefix = assertThrows(CheckpointException.class, () -> build(REDUCED_MODEL
                + "model.backbone.init_cfg { type = Pretrained, checkpoint = " + quoted(converted)
                + ", prefix = neck }", shape));
        assertTrue(prefix.getMessage().contains("no key of") && prefix.getMessage().contains("starts with 'neck.'"),
                prefix.getMessage());
        ConfigException typo = assertThrows(ConfigException.class, () -> build(REDUCED_MODEL
                + "model.backbone.init_cfg { type = Pretrained, checkpoint = x, prefixx = y }", shape));
        assertTrue(typo.getMessage().contains("unknown key 'prefixx'"), typo.getMessage());
    }

    @Test
    void convertRefusesWhatItCannotNameAndDescribeMentionsInitCfg() throws Exception {
        Path npz = REDUCED.resolve("io.npz");
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"convert", npz.toString(), dir.resolve("x.safetensors").toString(),
            "--from", "timm"}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertEquals(1, code);
        assertTrue(err.toString().contains("cannot tell which architecture") && err.toString().contains("--arch"),
                err.toString());
        err = new StringWriter();
        code = Main.run(new String[] {"convert", npz.toString(), dir.resolve("x.safetensors").toString(),
            "--from", "TorchVision", "--arch", "vit"}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertEquals(1, code);
        assertTrue(err.toString().contains("2 keys are not torchvision vit keys") && err.toString().contains("input"),
                err.toString());
        assertTrue(Files.notExists(dir.resolve("x.safetensors")));

        StringWriter out = new StringWriter();
        Main.run(new String[] {"describe", "LinearClsHead"}, new PrintWriter(out, true), new PrintWriter(err));
        assertTrue(out.toString().contains("Every model component also accepts init_cfg"), out.toString());
    }
}
