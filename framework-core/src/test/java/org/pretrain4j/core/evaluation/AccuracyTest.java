package org.pretrain4j.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.evaluation.Predictions;

final class AccuracyTest {
    /**
     * Six classes, four samples: the true class ranks 0 (score 0.6), 4 (score 0.1, one tie with a lower index),
     * 1 (tied with class 0) and 5 (score 0). So top-1 = 25 %, top-5 = 75 %.
     */
    static Predictions batch() {
        float[] scores = {
            0.6f, 0.1f, 0.1f, 0.1f, 0.05f, 0.05f,
            0.05f, 0.1f, 0.2f, 0.3f, 0.25f, 0.1f,
            0.3f, 0.3f, 0.1f, 0.1f, 0.1f, 0.1f,
            0.0f, 0.5f, 0.2f, 0.1f, 0.1f, 0.1f,
        };
        return new Predictions(4, 6, scores, new int[] {0, 5, 1, 0});
    }

    @Test
    void topOneAndTopFiveOnAHandMadeBatch() {
        Accuracy acc = new Accuracy(new AccuracyConfig(List.of(1, 5), List.of(0.0)));
        acc.process(batch());
        Map<String, Double> m = acc.compute();
        assertEquals(List.of("accuracy/top1", "accuracy/top5"), new ArrayList<>(m.keySet()));
        assertEquals(25.0, m.get("accuracy/top1"), 1e-9);
        assertEquals(75.0, m.get("accuracy/top5"), 1e-9);
    }

    @Test
    void accumulatesOverBatchesAndResetsAfterCompute() {
        Accuracy acc = new Accuracy(AccuracyConfig.defaults());
        acc.process(batch());
        acc.process(new Predictions(1, 6, new float[] {0, 0, 0, 0, 0, 1}, new int[] {5}));
        assertEquals(Map.of("accuracy/top1", 40.0), acc.compute());
        acc.process(new Predictions(1, 6, new float[] {0, 0, 0, 0, 0, 1}, new int[] {5}));
        assertEquals(Map.of("accuracy/top1", 100.0), acc.compute());
        assertThrows(IllegalStateException.class, acc::compute);
    }

    @Test
    void thresholdsNameTheirKeysAsMmpretrain() {
        List<Double> thrs = Arrays.asList(null, 0.25);
        Accuracy acc = new Accuracy(new AccuracyConfig(List.of(1, 5), thrs));
        acc.process(batch());
        Map<String, Double> m = acc.compute();
        assertEquals(List.of("accuracy/top1_no-thr", "accuracy/top1_thr-0.25", "accuracy/top5_no-thr",
                "accuracy/top5_thr-0.25"), new ArrayList<>(m.keySet()));
        assertEquals(25.0, m.get("accuracy/top1_no-thr"), 1e-9);
        assertEquals(25.0, m.get("accuracy/top1_thr-0.25"), 1e-9);
        assertEquals(75.0, m.get("accuracy/top5_no-thr"), 1e-9);
        // Sample 1's true class scores 0.1, below the threshold; samples 0 and 2 stay.
        assertEquals(50.0, m.get("accuracy/top5_thr-0.25"), 1e-9);
    }

    @Test
    void thresholdIsStrictAndComparedInFloat() {
        // torch compares float32 scores with the threshold in float32: 0.1f is not above 0.1.
        Accuracy acc = new Accuracy(new AccuracyConfig(List.of(1), List.of(0.1)));
        acc.process(new Predictions(1, 2, new float[] {0.1f, 0.0f}, new int[] {0}));
        assertEquals(0.0, acc.compute().get("accuracy/top1"));
    }

    @Test
    void suffixRoundsLikePythonFormat() {
        assertEquals("_thr-0.50", MetricParams.suffix(0.5));
        assertEquals("_thr-0.12", MetricParams.suffix(0.125)); // half-to-even on the exact binary value
        assertEquals("_thr-0.01", MetricParams.suffix(0.015)); // 0.015 is 0.0149999... in binary
        assertEquals("_thr-0.68", MetricParams.suffix(0.675)); // 0.675 is 0.6750000...4 in binary
        assertEquals("_thr--0.00", MetricParams.suffix(-0.001)); // Python keeps the sign
        assertEquals("_thr-0.00", MetricParams.suffix(0.0));
        assertEquals("_no-thr", MetricParams.suffix(null));
    }

    @Test
    void topKAboveTheClassCountIsAnErrorAsInMmpretrain() {
        Accuracy acc = new Accuracy(new AccuracyConfig(List.of(1, 5), List.of(0.0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> acc.process(new Predictions(1, 3, new float[] {1, 0, 0}, new int[] {0})));
        assertEquals(true, e.getMessage().contains("Top-5"), e.getMessage());
    }

    @Test
    void rejectsLabelsOutsideTheScores() {
        Accuracy acc = new Accuracy(AccuracyConfig.defaults());
        assertThrows(IllegalArgumentException.class,
                () -> acc.process(new Predictions(1, 2, new float[] {1, 0}, new int[] {2})));
    }

    @Test
    void factoryParsesMmpretrainSpellings() {
        AccuracyFactory f = new AccuracyFactory();
        assertEquals(AccuracyConfig.defaults(), f.parseConfig(ConfigView.parse("")));
        AccuracyConfig single = f.parseConfig(ConfigView.parse("topk = 5, thrs = null"));
        assertEquals(List.of(5), single.topk());
        assertEquals(Arrays.asList((Double) null), single.thrs());
        AccuracyConfig many = f.parseConfig(ConfigView.parse("topk = [1, 5], thrs = [0.5, null]"));
        assertEquals(Arrays.asList(0.5, null), many.thrs());
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("topk = [0]")));
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("thrs = [a]")));
    }

    @Test
    void documentsExactlyTheKeysItReads() {
        AccuracyFactory f = new AccuracyFactory();
        ConfigView view = ConfigView.parse(f.example().config());
        f.create(f.parseConfig(view), null);
        assertEquals(f.parameters().stream().map(ParamDoc::name).collect(Collectors.toSet()), view.readKeys());
    }
}
