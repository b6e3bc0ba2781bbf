package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.ApiVersion;

/**
 * The project that {@code archetype:integration-test} generated from this archetype (see
 * {@code src/test/resources/projects/basic}) and built with its own unit tests loads as a plugin: its jar, dropped
 * into {@code plugins/my-plugin/}, is found by the real CLI through the plugin class loader, listed and described
 * with its plugin name, and its neck builds and runs inside a model config.
 *
 * <p>It lives in the CLI's package because {@link Main#run} is package-private; it runs under failsafe after the
 * nested build, since the jar exists only then.
 */
final class GeneratedPluginIT {
    private static final String PLUGIN = "my-plugin";
    private static final String JAR = "my-plugin-0.1.0.jar";
    private static final String FACTORY = "org.example.myplugin.MyPoolingFactory";

    @TempDir
    Path tmp;

    private Path plugins;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static Path project() {
        String dir = System.getProperty("generated.project");
        assertNotNull(dir, "generated.project is set by this module's failsafe configuration");
        return Path.of(dir);
    }

    @BeforeEach
    void installPlugin() throws Exception {
        Path jar = project().resolve("target").resolve(JAR);
        assertTrue(Files.isRegularFile(jar), jar + " is missing: archetype:integration-test did not build the "
                + "generated project (run mvn verify or install on this module, without -Darchetype.test.skip)");
        plugins = tmp.resolve("plugins");
        Files.createDirectories(plugins.resolve(PLUGIN));
        Files.copy(jar, plugins.resolve(PLUGIN).resolve(JAR));
    }

    @Test
    void generatedProjectRanItsOwnTests() throws Exception {
        // goal.txt's build fails on a failing test; this guards against the tests being skipped or not found.
        Path report = project().resolve("target/surefire-reports/TEST-org.example.myplugin.MyPoolingFactoryTest.xml");
        assertTrue(Files.isRegularFile(report), report + " is missing");
        String head = Files.readString(report, StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("<testsuite")).findFirst().orElseThrow();
        assertTrue(head.contains("failures=\"0\"") && head.contains("errors=\"0\"") && head.contains("skipped=\"0\"")
                && !head.contains("tests=\"0\""), head);
    }

    @Test
    void jarDeclaresTheApiVersionAndItsFactoryButNotTheApi() throws Exception {
        try (JarFile jar = new JarFile(plugins.resolve(PLUGIN).resolve(JAR).toFile())) {
            assertEquals(Integer.toString(ApiVersion.CURRENT),
                    jar.getManifest().getMainAttributes().getValue(ApiVersion.MANIFEST_ATTRIBUTE));
            JarEntry services = jar.getJarEntry("META-INF/services/org.pretrain4j.api.NeckFactory");
            assertNotNull(services, "no NeckFactory service file: the auto-service processor did not run");
            String providers = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(FACTORY, providers.strip());
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("org/pretrain4j/api/")
                    || e.getName().startsWith("ai/djl/")), "framework-api and DJL must stay provided");
        }
    }

    @Test
    void listShowsTheNeckWithItsPlugin() {
        Result r = run("--plugins-dir", plugins.toString(), "list", "MyPooling");
        assertEquals(0, r.code(), r.err());
        String row = r.out().lines().filter(l -> l.startsWith("MyPooling ")).findFirst().orElseThrow(
                () -> new AssertionError("MyPooling not listed:\n" + r.out() + r.err()));
        assertTrue(row.contains("neck") && row.contains(" " + PLUGIN + " ") && row.contains(FACTORY)
                && row.contains(JAR), row);
    }

    @Test
    void describeShowsItsParameters() {
        Result r = run("describe", "MyPooling", "--plugins-dir", plugins.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(JAR + " in plugin '" + PLUGIN + "'"), r.out());
        for (String key : new String[] {"p", "eps", "clamp"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith(key + " ")), key + " in\n" + r.out());
        }
    }

    @Test
    void neckBuildsAndRunsInAModelConfig() throws Exception {
        // A config naming the plugin's type: the builder finds it in the plugin, creates it with the plugin's class
        // loader as context loader, and runs a forward pass through the whole classifier.
        Path config = tmp.resolve("resnet18_cifar_mypooling.conf");
        Files.writeString(config, String.join("\n",
                "model {",
                "  type = ImageClassifier",
                "  backbone { type = ResNet_CIFAR, depth = 18, out_indices = [3] }",
                "  neck { type = MyPooling, p = 3.0 }",
                "  head { type = LinearClsHead, num_classes = 10, in_channels = 512, loss { type = CrossEntropyLoss } }",
                "}", ""));
        Result r = run("--plugins-dir", plugins.toString(), "build", config.toString(), "--input-shape", "3,32,32");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("-> output (1, 10)"), r.out());
    }
}
