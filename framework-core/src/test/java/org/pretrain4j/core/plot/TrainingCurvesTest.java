package org.pretrain4j.core.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TrainingCurvesTest {
    private static BufferedImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "not a decodable PNG: " + file);
        assertEquals(TrainingCurves.WIDTH, image.getWidth());
        assertEquals(TrainingCurves.HEIGHT, image.getHeight());
        return image;
    }

    /** Counts pixels of a saturated colour (the series lines), ignoring greys, black and white. */
    private static int colouredPixels(BufferedImage image, int x0, int x1) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = x0; x < x1; x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void writesEmptyPanelsBeforeAnyData(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("curves.png");
        new TrainingCurves().writePng(file);
        BufferedImage image = read(file);
        assertEquals(0, colouredPixels(image, 0, image.getWidth()));
    }

    @Test
    void drawsLossLrAndMetricsAndRedrawsAtomically(@TempDir Path dir) throws IOException {
        TrainingCurves curves = new TrainingCurves();
        Path file = dir.resolve("curves.png");
        for (int i = 1; i <= 500; i++) {
            curves.addLoss(i, 2.3 * Math.exp(-i / 150.0) + 0.05 * Math.sin(i));
            curves.addLr(i, i < 50 ? 1e-4 * i / 50 : 1e-4 * 0.5 * (1 + Math.cos(Math.PI * (i - 50) / 450)));
            if (i % 100 == 0) {
                curves.addMetric(i, "accuracy/top1", 50 + i / 20.0);
                curves.addMetric(i, "accuracy/top5", 80 + i / 50.0);
                curves.writePng(file); // redrawn while "training"
            }
        }
        curves.addLoss(501, Double.NaN); // a diverged loss leaves a gap, not a broken axis
        curves.writePng(file);
        BufferedImage image = read(file);
        int third = TrainingCurves.WIDTH / 3;
        assertTrue(colouredPixels(image, 0, third) > 200, "loss line missing");
        assertTrue(colouredPixels(image, third, 2 * third) > 200, "lr line missing");
        assertTrue(colouredPixels(image, 2 * third, TrainingCurves.WIDTH) > 100, "metric lines missing");
        try (Stream<Path> listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "temporary files were left behind");
        }
    }

    @Test
    void singlePointsAndFlatSeriesStillDraw(@TempDir Path dir) throws IOException {
        TrainingCurves curves = new TrainingCurves();
        curves.addLoss(0, 1.0);
        curves.addLr(0, 0.1);
        curves.addLr(10, 0.1);
        curves.addMetric(10, "accuracy/top1", 12.5);
        Path file = dir.resolve("curves.png");
        curves.writePng(file);
        assertTrue(colouredPixels(read(file), 0, TrainingCurves.WIDTH) > 20);
    }

    @Test
    void failureToWriteIsReportedAndLeavesNoFile(@TempDir Path dir) {
        Path file = dir.resolve("missing").resolve("curves.png");
        assertThrows(UncheckedIOException.class, () -> new TrainingCurves().writePng(file));
        assertFalse(Files.exists(file));
    }

    @Test
    void ticksAreRoundNumbers() {
        Ticks t = Ticks.covering(0.013, 0.94, 6);
        assertEquals(0.0, t.lo());
        assertEquals(1.0, t.hi(), 1e-12);
        assertEquals(0.2, t.step(), 1e-12);
        assertEquals("0.4", t.label(t.values()[2]));
        assertEquals("2.0e-05", Ticks.covering(0, 1e-4, 6).label(2e-5));
        assertEquals("12k", Ticks.covering(0, 20_000, 6).label(12_000));
    }
}
