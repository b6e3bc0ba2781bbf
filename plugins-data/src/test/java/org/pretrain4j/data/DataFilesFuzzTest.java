package org.pretrain4j.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;
import org.pretrain4j.data.datasets.CIFAR10Factory;
import org.pretrain4j.data.datasets.FashionMNISTFactory;
import org.pretrain4j.data.transforms.LoadImageFromFileFactory;

/**
 * Truncated and mutated data files: IDX (gzip-damaged and with a damaged payload under valid gzip), CIFAR binary
 * batches and PNG images. Opening the dataset and reading every sample either works or fails with a
 * {@link Pretrain4jException} naming the file; nothing else escapes. 150 cases per format, 600 in all.
 */
final class DataFilesFuzzTest {
    private static final Path MNIST = Path.of("../data/fashion-mnist-subset");
    private static final Path CIFAR = Path.of("../data/cifar10-tiny/cifar-10-batches-bin");
    private static final Path PNG = firstPng(Path.of("../data/image-folder-tiny/circle"));

    @TempDir
    Path tmp;

    static Stream<Long> cases() {
        return LongStream.range(0, 150).map(i -> 0xDA7A_0000L + i).boxed();
    }

    @ParameterizedTest(name = "case {index}")
    @MethodSource("cases")
    void damagedGzipOfIdxFailsNamingTheFile(long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        String victim = random.nextBoolean() ? "t10k-images-idx3-ubyte.gz" : "t10k-labels-idx1-ubyte.gz";
        copyMnist(victim, damage(Files.readAllBytes(MNIST.resolve(victim)), random));
        assertOpensOrFailsNaming(victim, () -> readAll(mnist()));
    }

    @ParameterizedTest(name = "case {index}")
    @MethodSource("cases")
    void damagedIdxUnderValidGzipFailsNamingTheFile(long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        String victim = random.nextBoolean() ? "t10k-images-idx3-ubyte.gz" : "t10k-labels-idx1-ubyte.gz";
        byte[] raw = gunzip(Files.readAllBytes(MNIST.resolve(victim)));
        // Mostly hit the header, where sizes and dimensions live.
        byte[] damaged = random.nextBoolean() ? damage(raw, random) : damageHeader(raw, random);
        copyMnist(victim, gzip(damaged));
        assertOpensOrFailsNaming(victim, () -> readAll(mnist()));
    }

    @ParameterizedTest(name = "case {index}")
    @MethodSource("cases")
    void damagedCifarBatchFailsNamingTheFile(long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Path dir = Files.createDirectories(tmp.resolve("cifar-10-batches-bin"));
        try (Stream<Path> files = Files.list(CIFAR)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Path victim = dir.resolve("test_batch.bin");
        Files.write(victim, damage(Files.readAllBytes(victim), random));
        assertOpensOrFailsNaming("test_batch.bin", () -> readAll(build(new CIFAR10Factory(),
                "data_root = \"" + tmp + "\", split = test")));
    }

    @ParameterizedTest(name = "case {index}")
    @MethodSource("cases")
    void damagedImageFailsNamingTheFile(long seed) throws IOException {
        Path image = tmp.resolve("damaged.png");
        Files.write(image, damage(Files.readAllBytes(PNG), new SplittableRandom(seed)));
        Transform load = build(new LoadImageFromFileFactory(), "");
        assertOpensOrFailsNaming("damaged.png",
                () -> load.apply(new Sample(0, null, 0, image.toString()), new SplittableRandom(0)));
    }

    private void copyMnist(String victim, byte[] damaged) throws IOException {
        for (String name : new String[] {"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            Path target = tmp.resolve(name);
            if (name.equals(victim)) {
                Files.write(target, damaged);
            } else {
                Files.copy(MNIST.resolve(name), target);
            }
        }
    }

    private Dataset mnist() {
        return build(new FashionMNISTFactory(), "data_root = \"" + tmp + "\", split = test");
    }

    private static void readAll(Dataset dataset) {
        for (int i = 0; i < dataset.size(); i++) {
            dataset.get(i);
        }
    }

    private static <C, T> T build(ComponentFactory<C, T> factory, String hocon) {
        return factory.create(factory.parseConfig(ConfigView.parse(hocon)), null);
    }

    private static void assertOpensOrFailsNaming(String fileName, Runnable action) {
        try {
            action.run();
        } catch (Pretrain4jException e) {
            assertTrue(e.getMessage().contains(fileName), "the error names " + fileName + ": " + e.getMessage());
        }
    }

    private static byte[] damage(byte[] valid, SplittableRandom random) {
        if (random.nextBoolean()) {
            return Arrays.copyOf(valid, random.nextInt(valid.length));
        }
        byte[] copy = valid.clone();
        for (int i = 1 + random.nextInt(16); i > 0; i--) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private static byte[] damageHeader(byte[] valid, SplittableRandom random) {
        byte[] copy = valid.clone();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            copy[random.nextInt(Math.min(16, copy.length))] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private static Path firstPng(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
