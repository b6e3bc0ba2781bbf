package org.pretrain4j.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

final class SingleLabelMetricTest {
    private static final List<String> ALL = SingleLabelMetricConfig.ITEMS;

    /**
     * mmpretrain's docstring example: y_pred = [0, 1, 1, 3], y_true = [0, 2, 1, 3], four classes, which gives
     * (62.5, 75.0, 66.6667, 4) with macro averaging. Sample 1 (predicted 1, truly 2) scores only 0.6.
     */
    static Predictions docstringBatch() {
        float[] scores = {
            0.97f, 0.01f, 0.01f, 0.01f,
            0.1f, 0.6f, 0.2f, 0.1f,
            0.01f, 0.97f, 0.01f, 0.01f,
            0.01f, 0.01f, 0.01f, 0.97f,
        };
        return new Predictions(4, 4, scores, new int[] {0, 2, 1, 3});
    }

    private static Map<String, Double> run(SingleLabelMetricConfig config) {
        SingleLabelMetric metric = new SingleLabelMetric(config);
        metric.process(docstringBatch());
        return metric.compute();
    }

    @Test
    void macroMatchesMmpretrainDocstring() {
        Map<String, Double> m = run(new SingleLabelMetricConfig(List.of(0.0), ALL, "macro", 4));
        assertEquals(List.of("single-label/precision", "single-label/recall", "single-label/f1-score",
                "single-label/support"), new ArrayList<>(m.keySet()));
        assertEquals(62.5, m.get("single-label/precision"), 1e-9);
        assertEquals(75.0, m.get("single-label/recall"), 1e-9);
        assertEquals(66.6667, m.get("single-label/f1-score"), 1e-4);
        assertEquals(4.0, m.get("single-label/support"));
    }

    @Test
    void microUsesSummedCountsAndSuffix() {
        Map<String, Double> m = run(new SingleLabelMetricConfig(List.of(0.0), ALL, "micro", 0));
        assertEquals(Map.of("single-label/precision_micro", 75.0, "single-label/recall_micro", 75.0,
                "single-label/f1-score_micro", 75.0, "single-label/support_micro", 4.0), m);
    }

    @Test
    void classwiseReportsOneValuePerClass() {
        Map<String, Double> m = run(new SingleLabelMetricConfig(List.of(0.0), List.of("precision", "support"),
                null, 0));
        assertEquals(100.0, m.get("single-label/precision_classwise/0"));
        assertEquals(50.0, m.get("single-label/precision_classwise/1"));
        assertEquals(0.0, m.get("single-label/precision_classwise/2"));
        assertEquals(100.0, m.get("single-label/precision_classwise/3"));
        assertEquals(1.0, m.get("single-label/support_classwise/2"));
        assertEquals(8, m.size());
    }

    @Test
    void thresholdDropsLowScoredPredictions() {
        Map<String, Double> m = run(new SingleLabelMetricConfig(Arrays.asList(null, 0.7), List.of("precision",
                "recall"), "macro", 0));
        assertEquals(List.of("single-label/precision_no-thr", "single-label/recall_no-thr",
                "single-label/precision_thr-0.70", "single-label/recall_thr-0.70"), new ArrayList<>(m.keySet()));
        assertEquals(62.5, m.get("single-label/precision_no-thr"), 1e-9);
        // Sample 1's wrong prediction (0.6) is no longer positive: class 1's precision becomes 100.
        assertEquals(75.0, m.get("single-label/precision_thr-0.70"), 1e-9);
        assertEquals(75.0, m.get("single-label/recall_thr-0.70"), 1e-9);
    }

    @Test
    void numClassesMustMatchTheScores() {
        SingleLabelMetric metric = new SingleLabelMetric(new SingleLabelMetricConfig(List.of(0.0), ALL, "macro", 5));
        assertThrows(IllegalArgumentException.class, () -> metric.process(docstringBatch()));
    }

    @Test
    void factoryParsesAverageNullAndRejectsTypos() {
        SingleLabelMetricFactory f = new SingleLabelMetricFactory();
        assertEquals(SingleLabelMetricConfig.defaults(), f.parseConfig(ConfigView.parse("")));
        assertNull(f.parseConfig(ConfigView.parse("average = null")).average());
        assertEquals("micro", f.parseConfig(ConfigView.parse("average = micro")).average());
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("average = None")));
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("items = [precison]")));
        assertEquals(4, f.parseConfig(ConfigView.parse("num_classes = 4")).numClasses());
    }

    @Test
    void documentsExactlyTheKeysItReads() {
        SingleLabelMetricFactory f = new SingleLabelMetricFactory();
        ConfigView view = ConfigView.parse(f.example().config());
        f.create(f.parseConfig(view), null);
        assertEquals(f.parameters().stream().map(ParamDoc::name).collect(Collectors.toSet()), view.readKeys());
    }
}
