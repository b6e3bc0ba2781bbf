package org.pretrain4j.core.plugin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pretrain4j.api.ApiVersion;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.core.fuzz.Mutations;
import org.pretrain4j.core.registry.ComponentRegistry;

/**
 * Corrupt plugin jars and nonsense service files: loading the plugin and instantiating its providers either works or
 * fails with a {@link Pretrain4jException} naming the plugin; no other exception or error escapes. 250 cases.
 */
final class PluginFuzzTest {
    private static final String FACTORY = "fixture.fuzz.Factory";
    private static final byte[] VALID_JAR = validJar();

    private static byte[] validJar() {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("plugin-fuzz");
            Path jar = new PluginJar(scratch.resolve("scratch"))
                    .source(FACTORY, PluginJar.hookFactory(FACTORY, "FuzzHook", "", "\"fuzz\""))
                    .service("org.pretrain4j.api.HookFactory", FACTORY)
                    .attribute(ApiVersion.MANIFEST_ATTRIBUTE, Integer.toString(ApiVersion.CURRENT))
                    .write(scratch.resolve("fuzz.jar"));
            return Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(scratch);
        }
    }

    static Stream<Long> jarCases() {
        return Mutations.seeds(150);
    }

    static Stream<Long> serviceCases() {
        return Mutations.seeds(100);
    }

    @ParameterizedTest(name = "case {index}")
    @MethodSource("jarCases")
    void damagedJarsFailWithAPluginError(long seed) {
        byte[] jar = Mutations.damage(VALID_JAR, new SplittableRandom(seed));
        assertLoadsOrFailsCleanly(root -> Files.write(root.resolve("fuzz").resolve("fuzz.jar"), jar));
    }

    /** Lines of class names that do not exist, are not factories, are malformed, or are comments and blanks. */
    @ParameterizedTest(name = "case {index}")
    @MethodSource("serviceCases")
    void nonsenseServiceFilesFailWithAPluginError(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] known = {FACTORY, "java.lang.String", "fixture.fuzz.Missing", "# a comment", "", "  ",
            FACTORY + " # trailing", "1nvalid.Name", "a..b", "java.lang.Runtime"};
        List<String> lines = new ArrayList<>();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            lines.add(random.nextBoolean() ? known[random.nextInt(known.length)] : randomText(random));
        }
        String services = String.join("\n", lines);
        assertLoadsOrFailsCleanly(root -> new PluginJar(root.resolveSibling("scratch"))
                .source(FACTORY, PluginJar.hookFactory(FACTORY, "FuzzHook", "", "\"fuzz\""))
                .service("org.pretrain4j.api.HookFactory", services)
                .attribute(ApiVersion.MANIFEST_ATTRIBUTE, Integer.toString(ApiVersion.CURRENT))
                .write(root.resolve("fuzz").resolve("fuzz.jar")));
    }

    private static String randomText(SplittableRandom random) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(40); i > 0; i--) {
            sb.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x20, 0x3000) : random.nextInt(0x20, 0x7f));
        }
        return sb.toString();
    }

    @FunctionalInterface
    private interface Writer {
        void write(Path root) throws IOException;
    }

    private static void assertLoadsOrFailsCleanly(Writer writer) {
        Path tmp = null;
        List<Plugin> plugins = new ArrayList<>();
        try {
            tmp = Files.createTempDirectory("plugin-fuzz");
            Path root = Files.createDirectories(tmp.resolve("plugins"));
            Files.createDirectories(root.resolve("fuzz"));
            writer.write(root);
            try {
                plugins.addAll(PluginLoader.ofFramework().load(List.of(root)));
                ComponentRegistry.of(PluginFuzzTest.class.getClassLoader(), plugins).validate();
            } catch (Pretrain4jException e) {
                assertTrue(e.getMessage().contains("fuzz"), "error names the plugin: " + e.getMessage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            plugins.forEach(PluginLoader::closeQuietly);
            deleteTree(tmp);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
