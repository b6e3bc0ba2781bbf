package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.core.checkpoint.SafeTensors;
import org.pretrain4j.core.registry.Provenance;

/**
 * The separate-repository story end to end: the standalone Maven project {@code examples/third-party-plugin} is built
 * with Maven against the installed {@code framework-api} (so the reactor must have run {@code install}, as
 * {@code .ci/run} does), its jar is dropped into a plugins directory, and {@code pretrain4j train} runs its classifier
 * and its self-supervised config for a few iterations. The checkpoints must name the plugin in their provenance.
 */
final class ThirdPartyPluginTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path EXAMPLE = REPO.resolve("examples/third-party-plugin");
    private static final String PLUGIN = "tiny";

    /** Shrinks either config to a few iterations of a narrow net; validation (if any) runs once at the end. */
    private static final List<String> TINY = List.of(
            "data_root=" + REPO.resolve("data/fashion-mnist-subset"),
            "model.backbone.channels=[4, 8]",
            "model.head.in_channels=8",
            "train_dataloader.batch_size=16",
            "train_cfg.max_iters=4",
            "param_scheduler.end=4",
            "default_hooks.logger.interval=2",
            "default_hooks.checkpoint.interval=4");

    @TempDir
    static Path shared;

    private static Path plugins;

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    private static Result run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void buildThePluginWithMaven() throws Exception {
        Path build = shared.resolve("build");
        Path log = shared.resolve("mvn.log");
        // No -o: on a fresh machine this build may still need to download Maven plugins the reactor did not use.
        List<String> command = List.of(maven(), "-q", "-B", "package", "-DskipTests",
                "-Dtiny.build.directory=" + build, "-f", EXAMPLE.resolve("pom.xml").toString());
        Process p = new ProcessBuilder(command).directory(EXAMPLE.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(done && p.exitValue() == 0, String.join(" ", command) + " failed (framework-api "
                + "0.1.0-SNAPSHOT must be installed: run mvn -B install at the repository root):\n" + output);
        Path jar = build.resolve("tiny-models-1.0.0.jar");
        assertTrue(Files.isRegularFile(jar), "no " + jar + " after the build:\n" + output);
        plugins = Files.createDirectories(shared.resolve("plugins"));
        Files.copy(jar, Files.createDirectories(plugins.resolve(PLUGIN)).resolve(jar.getFileName()));
    }

    /** Maven from the build that runs this test when surefire says where it is, else {@code mvn} on the PATH. */
    private static String maven() {
        String home = System.getProperty("maven.home");
        if (home != null) {
            Path mvn = Path.of(home, "bin", "mvn");
            if (Files.isExecutable(mvn)) {
                return mvn.toString();
            }
        }
        return "mvn";
    }

    @Test
    void listShowsEveryComponentWithItsPlugin() {
        Result r = run(List.of("list", "Tiny*", "--plugins-dir", plugins.toString()));
        assertEquals(0, r.code(), r.err());
        for (String type : List.of("TinyConvNet", "TinyGlobalMaxPooling", "TinyCosineClsHead", "TinyTanhHiddenClsHead",
                "TinyFocalLoss", "TinyRotationPrediction")) {
            String row = r.out().lines().filter(l -> l.startsWith(type + " ")).findFirst().orElse("");
            assertTrue(row.contains(PLUGIN) && row.contains("tiny-models-1.0.0.jar"), type + ": " + r.out());
        }
    }

    @Test
    void trainsTheClassifierConfig() throws IOException {
        List<Provenance> components = train("tiny-convnet_fashion-mnist.conf", "train_cfg.val_interval=4",
                "val_dataloader.batch_size=500");
        assertFromPlugin(components, "model.backbone", "TinyConvNet");
        assertFromPlugin(components, "model.neck", "TinyGlobalMaxPooling");
        assertFromPlugin(components, "model.head", "TinyCosineClsHead");
        assertFromPlugin(components, "model.head.loss", "TinyFocalLoss");
    }

    @Test
    void trainsTheSelfSupervisedConfig() throws IOException {
        List<Provenance> components = train("rotation-prediction_tiny-convnet_fashion-mnist.conf");
        assertFromPlugin(components, "model", "TinyRotationPrediction");
        assertFromPlugin(components, "model.backbone", "TinyConvNet");
    }

    /** Trains a config of the example and returns the provenance recorded in its last checkpoint. */
    private List<Provenance> train(String config, String... extra) throws IOException {
        Path workDir = tmp.resolve("work");
        List<String> args = new ArrayList<>(List.of("train", EXAMPLE.resolve("configs").resolve(config).toString(),
                "--plugins-dir", plugins.toString(), "--work-dir", workDir.toString()));
        Stream.concat(TINY.stream(), Stream.of(extra)).forEach(s -> args.addAll(List.of("--set", s)));
        Result r = run(args);
        assertEquals(0, r.code(), r.err());
        Path checkpoint = workDir.resolve("iter_4.safetensors");
        assertTrue(Files.isRegularFile(checkpoint), "no checkpoint in " + workDir + ": " + r.err());
        Map<String, String> metadata = SafeTensors.readMetadata(checkpoint);
        assertFalse(metadata.getOrDefault("config", "").isEmpty(), "the resolved config is stored");
        return Provenance.fromMetadata(metadata);
    }

    private static void assertFromPlugin(List<Provenance> components, String path, String type) {
        Provenance p = components.stream().filter(c -> c.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no provenance for " + path + " in " + components));
        assertEquals(type, p.type(), path);
        assertEquals(PLUGIN, p.plugin(), path + " comes from the plugin");
        assertEquals("tiny-models-1.0.0.jar", p.jar(), path);
        assertEquals("1.0.0", p.version(), path);
        assertEquals(64, p.sha256().length(), path + " records the jar's SHA-256");
    }
}
