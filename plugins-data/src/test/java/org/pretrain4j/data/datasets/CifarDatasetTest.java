package org.pretrain4j.data.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;

final class CifarDatasetTest {
    private static final Path CIFAR10 = Path.of("../data/cifar10-tiny");
    private static final Path CIFAR100 = Path.of("../data/cifar100-tiny");

    @TempDir
    Path tmp;

    private static Dataset build(CifarFactorySupport f, String hocon) {
        return f.create(f.parseConfig(ConfigView.parse(hocon)), null);
    }

    @Test
    void readsCifar10FixtureAsHwcRgb() throws IOException {
        Dataset train = build(new CIFAR10Factory(), "data_root = \"" + CIFAR10 + "\"");
        Dataset test = build(new CIFAR10Factory(), "data_root = \"" + CIFAR10 + "\", split = test");
        assertEquals(50, train.size());
        assertEquals(10, test.size());
        assertEquals(CIFAR10Factory.CLASSES, train.classes());
        byte[] raw = Files.readAllBytes(CIFAR10.resolve("cifar-10-batches-bin/test_batch.bin"));
        Sample s = test.get(3);
        int base = 3 * 3073;
        assertEquals(raw[base] & 0xff, s.label());
        assertNull(s.path());
        Image img = s.image();
        assertEquals(32, img.height());
        assertEquals(3, img.channels());
        // Pixel (y=5, x=7): R, G, B planes of the record become HWC channels 0, 1, 2.
        int p = 5 * 32 + 7;
        for (int c = 0; c < 3; c++) {
            assertEquals(raw[base + 1 + c * 1024 + p] & 0xff, img.get(5, 7, c));
        }
    }

    @Test
    void readsCifar100FineLabels() throws IOException {
        Dataset test = build(new CIFAR100Factory(), "data_root = \"" + CIFAR100 + "\", split = test");
        byte[] raw = Files.readAllBytes(CIFAR100.resolve("test.bin"));
        assertEquals(100, test.classes().size());
        assertEquals(raw[3074 * 4 + 1] & 0xff, test.get(4).label());
    }

    @Test
    void truncatedBatchNamesTheFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cifar-10-batches-bin"));
        byte[] raw = Files.readAllBytes(CIFAR10.resolve("cifar-10-batches-bin/test_batch.bin"));
        Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(raw, raw.length - 5));
        DataException e = assertThrows(DataException.class,
                () -> build(new CIFAR10Factory(), "data_root = \"" + tmp + "\", split = test"));
        assertTrue(e.getMessage().contains("test_batch.bin") && e.getMessage().contains(
                Integer.toString(raw.length - 5)) && e.getMessage().contains("3073"), e.getMessage());
        e = assertThrows(DataException.class, () -> build(new CIFAR10Factory(), "data_root = \"" + tmp + "\""));
        assertTrue(e.getMessage().contains("data_batch_1.bin"), e.getMessage());
    }
}
