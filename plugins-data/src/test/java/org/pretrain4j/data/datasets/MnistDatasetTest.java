package org.pretrain4j.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.api.data.Sample;

final class MnistDatasetTest {
    private static final Path SUBSET = Path.of("../data/fashion-mnist-subset");

    @TempDir
    Path tmp;

    private static Dataset build(String hocon) {
        FashionMNISTFactory f = new FashionMNISTFactory();
        return f.create(f.parseConfig(ConfigView.parse(hocon)), null);
    }

    private static Dataset subset(String split) {
        return build("data_root = \"" + SUBSET + "\", split = " + split);
    }

    @Test
    void readsTheCommittedSubset() {
        Dataset train = subset("train");
        Dataset test = subset("test");
        assertEquals(6000, train.size());
        assertEquals(1000, test.size());
        assertEquals(FashionMNISTFactory.CLASSES, train.classes());
        int[] counts = new int[10];
        for (int i = 0; i < test.size(); i++) {
            Sample s = test.get(i);
            assertEquals(28, s.image().height());
            assertEquals(1, s.image().channels());
            counts[s.label()]++;
        }
        // The balance the subset's README reports.
        assertArrayEquals(new int[] {107, 105, 111, 93, 115, 87, 97, 95, 95, 95}, counts);
        assertTrue(train.describe().contains("6000"), train.describe());
    }

    @Test
    void readsTheFullDebianFilesWhenInstalled() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of(FashionMNISTFactory.DEFAULT_ROOT)));
        Dataset train = build("");
        assertEquals(60000, train.size());
        assertEquals(10000, build("split = test").size());
        // The subset is the head of the full set.
        assertArrayEquals(subset("train").get(5999).image().pixels(), train.get(5999).image().pixels());
    }

    @Test
    void rawFilesReadLikeGzippedOnes() throws IOException {
        for (String name : List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.write(tmp.resolve(name), gunzip(SUBSET.resolve(name + ".gz")));
        }
        Dataset raw = build("data_root = \"" + tmp + "\", split = test");
        Dataset gz = subset("test");
        assertEquals(gz.size(), raw.size());
        assertArrayEquals(gz.get(123).image().pixels(), raw.get(123).image().pixels());
        assertEquals(gz.get(123).label(), raw.get(123).label());
    }

    @Test
    void truncatedFileNamesTheFileAndSizes() throws IOException {
        byte[] images = gunzip(SUBSET.resolve("t10k-images-idx3-ubyte.gz"));
        Files.write(tmp.resolve("t10k-images-idx3-ubyte"), java.util.Arrays.copyOf(images, images.length - 100));
        Files.write(tmp.resolve("t10k-labels-idx1-ubyte"), gunzip(SUBSET.resolve("t10k-labels-idx1-ubyte.gz")));
        DataException e = assertThrows(DataException.class, () -> build("data_root = \"" + tmp + "\", split = test"));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains(Integer.toString(images.length)), e.getMessage());
        assertTrue(e.getMessage().contains(Integer.toString(images.length - 100)), e.getMessage());
    }

    @Test
    void badMagicAndMismatchedCounts() throws IOException {
        byte[] labels = gunzip(SUBSET.resolve("t10k-labels-idx1-ubyte.gz"));
        // Labels where images belong: wrong number of dimensions in the magic.
        Files.write(tmp.resolve("t10k-images-idx3-ubyte"), labels);
        Files.write(tmp.resolve("t10k-labels-idx1-ubyte"), labels);
        DataException e = assertThrows(DataException.class, () -> build("data_root = \"" + tmp + "\", split = test"));
        assertTrue(e.getMessage().contains("magic") && e.getMessage().contains("t10k-images"), e.getMessage());

        Files.write(tmp.resolve("t10k-images-idx3-ubyte"), gunzip(SUBSET.resolve("t10k-images-idx3-ubyte.gz")));
        byte[] fewer = java.util.Arrays.copyOf(labels, labels.length - 1);
        fewer[7] = (byte) (999 & 0xff);
        fewer[6] = (byte) (999 >> 8);
        Files.write(tmp.resolve("t10k-labels-idx1-ubyte"), fewer);
        e = assertThrows(DataException.class, () -> build("data_root = \"" + tmp + "\", split = test"));
        assertTrue(e.getMessage().contains("1000 images") && e.getMessage().contains("999 labels"), e.getMessage());
    }

    @Test
    void missingRootNamesPathAndDebianPackage() {
        DataException e = assertThrows(DataException.class, () -> build("data_root = \"/no/such/dir\""));
        assertTrue(e.getMessage().contains("/no/such/dir"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void classesCanBeOverriddenByListOrFile() throws IOException {
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        assertEquals(names, build("data_root = \"" + SUBSET + "\", split = test, classes = [a,b,c,d,e,f,g,h,i,j]")
                .classes());
        Path file = tmp.resolve("classes.txt");
        Files.writeString(file, String.join("\n", names) + "\n\n");
        assertEquals(names, build("data_root = \"" + SUBSET + "\", split = test, classes = \"" + file + "\"")
                .classes());
        DataException e = assertThrows(DataException.class,
                () -> build("data_root = \"" + SUBSET + "\", split = test, classes = [a, b]"));
        assertTrue(e.getMessage().contains("outside the 2 classes"), e.getMessage());
    }

    @Test
    void mnistUsesDigitNames() {
        MNISTFactory f = new MNISTFactory();
        Dataset d = f.create(f.parseConfig(ConfigView.parse(f.example().config())), null);
        assertEquals("0 - zero", d.classes().get(0));
        DataException e = assertThrows(DataException.class,
                () -> f.create(f.parseConfig(ConfigView.parse("")), null));
        assertTrue(e.getMessage().contains("data/mnist"), e.getMessage());
    }

    private static byte[] gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
