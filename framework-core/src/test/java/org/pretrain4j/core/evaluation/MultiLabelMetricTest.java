package org.pretrain4j.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.evaluation.Predictions;

/**
 * MultiLabelMetric against mmpretrain's numbers: its docstring examples, and tools/fixtures/multilabel.py (mmpretrain's
 * formulas written out in torch) for ignored -1 targets, averages, thresholds and top-k.
 */
final class MultiLabelMetricTest {
    private static final List<String> ALL = SingleLabelMetricConfig.ITEMS;

    /** The fixture script's batch: 5 samples, 4 classes, two targets of -1 (ignored). */
    static Predictions fixture() {
        float[] scores = {
            0.9f, 0.2f, 0.6f, 0.4f,
            0.3f, 0.7f, 0.5f, 0.1f,
            0.8f, 0.55f, 0.2f, 0.45f,
            0.1f, 0.05f, 0.95f, 0.3f,
            0.6f, 0.35f, 0.7f, 0.15f,
        };
        float[] targets = {
            1, 0, 1, -1,
            0, 1, 1, 0,
            1, 1, 0, 0,
            0, 0, 1, 1,
            -1, 0, 0, 0,
        };
        return new Predictions(5, 4, scores, new int[] {-1, -1, -1, -1, -1}, targets);
    }

    private static Map<String, Double> run(MultiLabelMetricConfig config, Predictions... batches) {
        MultiLabelMetric metric = new MultiLabelMetric(config);
        for (Predictions b : batches) {
            metric.process(b);
        }
        return metric.compute();
    }

    @Test
    void macroAtDefaultThresholdIgnoresMinusOne() {
        Map<String, Double> m = run(new MultiLabelMetricConfig(null, null, ALL, "macro"), fixture());
        assertEquals(List.of("multi-label/precision", "multi-label/recall", "multi-label/f1-score",
                "multi-label/support"), new ArrayList<>(m.keySet()));
        // torch: (68.75, 75.0, 71.42857360839844, 8)
        assertEquals(68.75, m.get("multi-label/precision"), 1e-9);
        assertEquals(75.0, m.get("multi-label/recall"), 1e-9);
        assertEquals(71.428571, m.get("multi-label/f1-score"), 1e-5);
        assertEquals(8.0, m.get("multi-label/support"));
    }

    @Test
    void microAndClasswise() {
        // torch: micro (87.5, 87.5, 87.5, 8)
        assertEquals(Map.of("multi-label/precision_micro", 87.5, "multi-label/recall_micro", 87.5,
                "multi-label/f1-score_micro", 87.5, "multi-label/support_micro", 8.0),
                run(new MultiLabelMetricConfig(0.5, null, ALL, "micro"), fixture()));
        // torch: precision [100, 100, 75, 0], support [2, 2, 3, 1]
        Map<String, Double> m = run(new MultiLabelMetricConfig(null, null, List.of("precision", "support"), null),
                fixture());
        assertEquals(List.of("multi-label/precision_classwise/0", "multi-label/precision_classwise/1",
                "multi-label/precision_classwise/2", "multi-label/precision_classwise/3",
                "multi-label/support_classwise/0", "multi-label/support_classwise/1",
                "multi-label/support_classwise/2", "multi-label/support_classwise/3"), new ArrayList<>(m.keySet()));
        assertEquals(75.0, m.get("multi-label/precision_classwise/2"), 1e-9);
        assertEquals(0.0, m.get("multi-label/precision_classwise/3"), 1e-9);
        assertEquals(3.0, m.get("multi-label/support_classwise/2"));
    }

    @Test
    void otherThresholdAndTopkNameTheirSuffix() {
        // torch: thr 0.3 macro (64.58333587646484, 100.0, 78.0952377319336, 8)
        Map<String, Double> thr = run(new MultiLabelMetricConfig(0.3, 2, List.of("precision", "f1-score"), "macro"),
                fixture());
        assertEquals(64.583333, thr.get("multi-label/precision_thr-0.30"), 1e-5);
        assertEquals(78.095238, thr.get("multi-label/f1-score_thr-0.30"), 1e-5);
        // torch: top-2 macro (93.75, 100.0, 96.42857360839844, 8)
        Map<String, Double> top = run(new MultiLabelMetricConfig(null, 2, ALL, "macro"), fixture());
        assertEquals(93.75, top.get("multi-label/precision_top2"), 1e-9);
        assertEquals(96.428571, top.get("multi-label/f1-score_top2"), 1e-5);
        assertEquals(8.0, top.get("multi-label/support_top2"));
    }

    /** mmpretrain's docstring: one-hot predictions against one-hot targets give (43.75, 31.25, 33.3333, 8). */
    @Test
    void docstringOneHotExampleAcrossTwoBatches() {
        float[] pred = {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0};
        float[] truth = {1, 1, 0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0};
        Predictions first = new Predictions(2, 4, java.util.Arrays.copyOf(pred, 8), new int[] {-1, -1},
                java.util.Arrays.copyOf(truth, 8));
        Predictions rest = new Predictions(3, 4, java.util.Arrays.copyOfRange(pred, 8, 20), new int[] {-1, -1, -1},
                java.util.Arrays.copyOfRange(truth, 8, 20));
        Map<String, Double> m = run(new MultiLabelMetricConfig(null, null, ALL, "macro"), first, rest);
        assertEquals(43.75, m.get("multi-label/precision"), 1e-9);
        assertEquals(31.25, m.get("multi-label/recall"), 1e-9);
        assertEquals(33.3333, m.get("multi-label/f1-score"), 1e-4);
        assertEquals(8.0, m.get("multi-label/support"));
    }

    @Test
    void singleLabelDataCountsAsOneHot() {
        // Labels [0, 2]; scores predict {0} and {1, 2}: TP 2 of 3 predicted, 2 of 2 true.
        Predictions batch = new Predictions(2, 3, new float[] {0.9f, 0.1f, 0.2f, 0.1f, 0.6f, 0.7f}, new int[] {0, 2});
        assertEquals(Map.of("multi-label/precision_micro", 200.0 / 3, "multi-label/recall_micro", 100.0),
                run(new MultiLabelMetricConfig(null, null, List.of("precision", "recall"), "micro"), batch));
    }

    @Test
    void topkAboveTheClassCountAndWidthChangesAreErrors() {
        MultiLabelMetric metric = new MultiLabelMetric(new MultiLabelMetricConfig(null, 5, ALL, "macro"));
        assertThrows(IllegalArgumentException.class, () -> metric.process(fixture()));
        MultiLabelMetric other = new MultiLabelMetric(MultiLabelMetricConfig.defaults());
        other.process(fixture());
        assertThrows(IllegalArgumentException.class, () -> other.process(
                new Predictions(1, 3, new float[3], new int[] {-1}, new float[3])));
        assertThrows(IllegalStateException.class, () -> new MultiLabelMetric(MultiLabelMetricConfig.defaults()).compute());
    }

    @Test
    void singleLabelMetricsRejectMultiLabelData() {
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> new Accuracy(new AccuracyConfig(List.of(1), List.of(0.0))).process(fixture()));
        assertTrue(e.getMessage().contains("MultiLabelMetric"), e.getMessage());
    }

    @Test
    void factoryParsesAndChecks() {
        MultiLabelMetricFactory f = new MultiLabelMetricFactory();
        assertEquals(new MultiLabelMetricConfig(null, 3, List.of("recall"), null),
                f.parseConfig(ConfigView.parse("topk = 3, items = [recall], average = null")));
        assertEquals(MultiLabelMetricConfig.defaults(), f.parseConfig(ConfigView.parse("")));
        ConfigException item = assertThrows(ConfigException.class,
                () -> f.parseConfig(ConfigView.parse("items = [precison]")));
        assertTrue(item.getMessage().contains("precision"), item.getMessage());
        ConfigException topk = assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("topk = 0")));
        assertTrue(topk.getMessage().startsWith("topk"), topk.getMessage());
        ConfigException average = assertThrows(ConfigException.class,
                () -> f.parseConfig(ConfigView.parse("average = None")));
        assertTrue(average.getMessage().startsWith("average"), average.getMessage());
    }
}
