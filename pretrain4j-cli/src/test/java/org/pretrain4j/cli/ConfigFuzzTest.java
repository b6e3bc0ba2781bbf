package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.registry.ComponentRegistry;

/**
 * Random and mutated configs: wrong types, missing keys, junk, unbalanced braces, huge numbers, include cycles and
 * deep nesting. Loading and building the model either succeeds or fails with a {@link Pretrain4jException} whose
 * message names the config file; nothing else escapes. 400 cases.
 */
final class ConfigFuzzTest {
    private static final ComponentRegistry REGISTRY = ComponentRegistry.ofClasspath();
    /** Resolved (include-free) configs the mutations start from. */
    private static final List<String> BASES = Stream.of("fashion_mnist/quickstart.conf",
            "resnet/resnet18_8xb16_cifar10.conf", "examples/customize_models.conf")
            .map(f -> new ConfigLoader().load(Path.of("../configs").resolve(f), List.of()).render()).toList();
    private static final String[] VALUES = {"-1", "0", "1e308", "-1e308", "9223372036854775808", "NaN", "\"x\"",
        "null", "true", "[]", "{}", "[1, \"a\", {}]", "{ type = ResNet }", "{ type = NoSuchType }", "1.5",
        "2147483648", "\"\"", "${undefined}", "\"../../../etc/passwd\""};
    private static final String[] JUNK = {"{", "}", "[", "]", "=", ":", ",", "\"", "include \"missing.conf\"",
        "_delete_ = true", "${", "type = ", "\n", "#", "//", "\\", "\u0000"};

    @TempDir
    Path tmp;

    static Stream<Long> cases() {
        return LongStream.range(0, 400).map(i -> 0xC0F_0000L + i).boxed();
    }

    @ParameterizedTest(name = "case {index}")
    @MethodSource("cases")
    void mutatedConfigsLoadAndBuildOrFailNamingTheFile(long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Path file = tmp.resolve("fuzz_" + seed + ".conf");
        Files.writeString(file, mutate(BASES.get(random.nextInt(BASES.size())), random));
        if (random.nextInt(10) == 0) {
            // An include cycle through a second file.
            Path other = tmp.resolve("other_" + seed + ".conf");
            Files.writeString(other, "include \"" + file.getFileName() + "\"\n");
            Files.writeString(file, "include \"" + other.getFileName() + "\"\n", java.nio.file.StandardOpenOption.APPEND);
        }
        if (random.nextInt(10) == 0) {
            Files.writeString(file, "\nmodel.neck = " + "{ a = ".repeat(400) + "1" + " }".repeat(400) + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
        }
        try {
            LoadedConfig config = new ConfigLoader().load(file, List.of());
            ConfigView root = config.view();
            new ComponentBuilder(REGISTRY).build(Kind.MODEL, root.getView("model"));
        } catch (Pretrain4jException e) {
            assertTrue(e.getMessage().contains(file.getFileName().toString()),
                    "the error names the file: " + e.getMessage());
        }
    }

    /** One to four edits at random line positions. */
    private static String mutate(String base, SplittableRandom random) {
        List<String> lines = new ArrayList<>(List.of(base.split("\n", -1)));
        for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            switch (random.nextInt(5)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                case 2 -> {
                    int eq = line.indexOf('=');
                    if (eq < 0) {
                        eq = line.indexOf(':');
                    }
                    if (eq >= 0) {
                        lines.set(at, line.substring(0, eq + 1) + " " + VALUES[random.nextInt(VALUES.length)]);
                    }
                }
                case 3 -> {
                    int pos = line.isEmpty() ? 0 : random.nextInt(line.length() + 1);
                    lines.set(at, line.substring(0, pos) + JUNK[random.nextInt(JUNK.length)] + line.substring(pos));
                }
                default -> lines.set(at, line.replaceAll("[A-Za-z_]+", "x" + random.nextInt(3)));
            }
            if (lines.isEmpty()) {
                lines.add("");
            }
        }
        return String.join("\n", lines);
    }

    static {
        // The bases must load: a broken base would make every case an error and test nothing.
        if (BASES.isEmpty()) {
            throw new UncheckedIOException(new IOException("no base configs"));
        }
    }
}
