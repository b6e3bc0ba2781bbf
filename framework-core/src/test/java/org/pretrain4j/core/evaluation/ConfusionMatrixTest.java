package org.pretrain4j.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;

final class ConfusionMatrixTest {
    private static final long[][] EXPECTED = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 1, 0, 0}, {0, 0, 0, 1}};

    @Test
    void countsTruePredictedPairsAsMmpretrainDocstring() {
        ConfusionMatrix cm = new ConfusionMatrix(ConfusionMatrixConfig.defaults());
        cm.process(SingleLabelMetricTest.docstringBatch());
        assertEquals(0, cm.compute().size());
        long[][] m = cm.matrix();
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(EXPECTED[i], m[i]);
        }
        assertThrows(IllegalStateException.class, cm::compute);
    }

    @Test
    void writesPngAndCsv(@TempDir Path dir) throws IOException {
        ConfusionMatrix cm = new ConfusionMatrix(new ConfusionMatrixConfig(4));
        assertEquals(List.of(), cm.writeArtifacts(dir, List.of()));
        cm.process(SingleLabelMetricTest.docstringBatch());
        cm.compute();
        List<Path> files = cm.writeArtifacts(dir, List.of("T-shirt/top", "Trouser, long", "Pullover", "Dress"));
        assertEquals(List.of(dir.resolve("confusion_matrix.png"), dir.resolve("confusion_matrix.csv")), files);
        BufferedImage image = ImageIO.read(files.get(0).toFile());
        assertNotNull(image);
        assertTrue(image.getWidth() > 200 && image.getHeight() > 200);
        List<String> csv = Files.readAllLines(files.get(1));
        assertEquals("true\\predicted,T-shirt/top,\"Trouser, long\",Pullover,Dress", csv.get(0));
        assertEquals("Pullover,0,1,0,0", csv.get(3));
        try (Stream<Path> listing = Files.list(dir)) {
            assertEquals(2, listing.count(), "temporary files were left behind");
        }
    }

    @Test
    void fallsBackToIndicesAndRedrawsOverOldFiles(@TempDir Path dir) throws IOException {
        ConfusionMatrix cm = new ConfusionMatrix(ConfusionMatrixConfig.defaults());
        for (int round = 0; round < 2; round++) {
            cm.process(SingleLabelMetricTest.docstringBatch());
            cm.compute();
            cm.writeArtifacts(dir, List.of("only", "two"));
        }
        assertEquals("0,1,0,0,0", Files.readAllLines(dir.resolve(ConfusionMatrix.CSV)).get(1));
        assertNotNull(ImageIO.read(dir.resolve(ConfusionMatrix.PNG).toFile()));
    }

    @Test
    void documentsExactlyTheKeysItReads() {
        ConfusionMatrixFactory f = new ConfusionMatrixFactory();
        ConfigView view = ConfigView.parse("num_classes = 3");
        assertEquals(3, f.parseConfig(view).numClasses());
        assertEquals(f.parameters().stream().map(ParamDoc::name).collect(Collectors.toSet()), view.readKeys());
    }
}
