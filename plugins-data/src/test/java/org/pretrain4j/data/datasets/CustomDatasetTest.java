package org.pretrain4j.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Dataset;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.data.transforms.LoadImageFromFile;
import org.pretrain4j.data.transforms.LoadImageFromFileConfig;

final class CustomDatasetTest {
    @TempDir
    Path tmp;

    private static Dataset build(String hocon) {
        CustomDatasetFactory f = new CustomDatasetFactory();
        return f.create(f.parseConfig(ConfigView.parse(hocon)), null);
    }

    private void png(Path file, int rgb) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void imageFolderSortsClassesAndFilesAndDecodesLazily() throws IOException {
        png(tmp.resolve("zebra/b.png"), 0x102030);
        png(tmp.resolve("zebra/a.PNG"), 0x102030);
        png(tmp.resolve("ant/x.png"), 0x0a0b0c);
        Files.writeString(tmp.resolve("ant/notes.txt"), "not an image");
        Dataset d = build("data_root = \"" + tmp + "\"");
        assertEquals(List.of("ant", "zebra"), d.classes());
        assertEquals(3, d.size());
        Sample first = d.get(0);
        assertNull(first.image());
        assertEquals(0, first.label());
        assertTrue(d.get(1).path().endsWith("a.PNG"), d.get(1).path());
        Image img = new LoadImageFromFile(new LoadImageFromFileConfig(false, false))
                .apply(first, new SplittableRandom(0)).image();
        // BGR, as mmcv decodes.
        assertEquals(0x0c, img.get(1, 2, 0));
        assertEquals(0x0a, img.get(1, 2, 2));
    }

    @Test
    void annotationFileWithPathsRelativeToPrefix() throws IOException {
        png(tmp.resolve("imgs/one two.png"), 0);
        png(tmp.resolve("imgs/three.png"), 0);
        Files.writeString(tmp.resolve("meta.txt"), "one two.png 4\nthree.png 1\n\n");
        Dataset d = build("data_root = \"" + tmp + "\", data_prefix = imgs, ann_file = meta.txt");
        assertEquals(2, d.size());
        assertEquals(4, d.get(0).label());
        assertEquals(List.of("0", "1", "2", "3", "4"), d.classes());
        assertTrue(d.get(0).path().endsWith("one two.png"));
        Files.writeString(tmp.resolve("bad.txt"), "three.png x\n");
        DataException e = assertThrows(DataException.class,
                () -> build("data_root = \"" + tmp + "\", ann_file = bad.txt"));
        assertTrue(e.getMessage().contains("bad.txt:1"), e.getMessage());
    }

    @Test
    void commaSeparatedLabelsMakeEveryItemMultiLabel() throws IOException {
        Files.writeString(tmp.resolve("multi.txt"), "a.png 0,3\nb b.png 2\nc.png 3,1,3\n");
        Dataset d = build("data_root = \"" + tmp + "\", ann_file = multi.txt");
        assertEquals(List.of("0", "1", "2", "3"), d.classes());
        assertTrue(d.describe().contains("multi-label"), d.describe());
        Sample a = d.get(0);
        assertTrue(a.isMultiLabel());
        assertEquals(-1, a.label());
        assertArrayEquals(new int[] {0, 3}, a.labelSet());
        // A lone label in a multi-label file is a set of one; repeats collapse, classes come sorted.
        assertArrayEquals(new int[] {2}, d.get(1).labelSet());
        assertTrue(d.get(1).path().endsWith("b b.png"));
        assertArrayEquals(new int[] {1, 3}, d.get(2).labelSet());
        // A file of single labels stays single-label.
        Files.writeString(tmp.resolve("single.txt"), "a.png 0\n");
        assertFalse(build("data_root = \"" + tmp + "\", ann_file = single.txt").get(0).isMultiLabel());
    }

    @Test
    void badMultiLabelLinesNameFileAndLine() throws IOException {
        for (String bad : List.of("a.png 0,,3", "a.png 1,-2", "a.png 1,", "a.png ,1", "a.png 1;2")) {
            Files.writeString(tmp.resolve("bad.txt"), "ok.png 0,1\n\n" + bad + "\n");
            DataException e = assertThrows(DataException.class,
                    () -> build("data_root = \"" + tmp + "\", ann_file = bad.txt"));
            assertTrue(e.getMessage().contains("bad.txt:3") && e.getMessage().contains("comma-separated"),
                    e.getMessage());
        }
        Files.writeString(tmp.resolve("range.txt"), "a.png 0,5\n");
        DataException e = assertThrows(DataException.class,
                () -> build("data_root = \"" + tmp + "\", ann_file = range.txt, classes = [x, y]"));
        assertTrue(e.getMessage().contains("label 5") && e.getMessage().contains("a.png"), e.getMessage());
    }

    @Test
    void emptyFolderNamesTheFolder() throws IOException {
        Files.createDirectories(tmp.resolve("empty/cls"));
        DataException e = assertThrows(DataException.class, () -> build("data_root = \"" + tmp.resolve("empty") + "\""));
        assertTrue(e.getMessage().contains("empty") && e.getMessage().contains(".png"), e.getMessage());
    }

    @Test
    void undecodableImageNamesTheFile() throws IOException {
        Path bad = tmp.resolve("c/broken.jpg");
        Files.createDirectories(bad.getParent());
        Files.write(bad, new byte[] {1, 2, 3, 4, 5});
        Sample s = build("data_root = \"" + tmp + "\"").get(0);
        DataException e = assertThrows(DataException.class,
                () -> new LoadImageFromFile(new LoadImageFromFileConfig(false, false)).apply(s, new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("broken.jpg"), e.getMessage());
    }
}
