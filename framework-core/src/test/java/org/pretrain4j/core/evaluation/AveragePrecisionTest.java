package org.pretrain4j.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.evaluation.Predictions;

final class AveragePrecisionTest {
    private static Map<String, Double> run(String average, Predictions... batches) {
        AveragePrecision metric = new AveragePrecision(new AveragePrecisionConfig(average));
        for (Predictions b : batches) {
            metric.process(b);
        }
        return metric.compute();
    }

    /** mmpretrain's docstring example: mAP 70.833, classwise [100, 83.33, 100, 0]. */
    @Test
    void docstringExample() {
        float[] pred = {0.9f, 0.8f, 0.3f, 0.2f, 0.1f, 0.2f, 0.2f, 0.1f, 0.7f, 0.5f, 0.9f, 0.3f, 0.8f, 0.1f, 0.1f, 0.2f};
        float[] truth = {1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0};
        Predictions batch = new Predictions(4, 4, pred, new int[] {-1, -1, -1, -1}, truth);
        assertEquals(70.8333, run("macro", batch).get("multi-label/mAP"), 1e-4);
        Map<String, Double> classwise = run(null, batch);
        assertEquals(100.0, classwise.get("multi-label/AP_classwise/0"), 1e-9);
        assertEquals(83.3333, classwise.get("multi-label/AP_classwise/1"), 1e-4);
        assertEquals(100.0, classwise.get("multi-label/AP_classwise/2"), 1e-9);
        assertEquals(0.0, classwise.get("multi-label/AP_classwise/3"), 1e-9);
    }

    /** tools/fixtures/multilabel.py: classwise [100, 100, 80.5556, 50], mAP 82.6389, -1 targets left out. */
    @Test
    void ignoresMinusOneAcrossBatches() {
        Predictions all = MultiLabelMetricTest.fixture();
        Predictions first = new Predictions(2, 4, java.util.Arrays.copyOf(all.scores(), 8), new int[] {-1, -1},
                java.util.Arrays.copyOf(all.targets(), 8));
        Predictions rest = new Predictions(3, 4, java.util.Arrays.copyOfRange(all.scores(), 8, 20),
                new int[] {-1, -1, -1}, java.util.Arrays.copyOfRange(all.targets(), 8, 20));
        Map<String, Double> m = run(null, first, rest);
        assertEquals(80.555556, m.get("multi-label/AP_classwise/2"), 1e-5);
        assertEquals(50.0, m.get("multi-label/AP_classwise/3"), 1e-9);
        assertEquals(82.638889, run("macro", first, rest).get("multi-label/mAP"), 1e-5);
    }

    @Test
    void factoryAcceptsMacroOrNull() {
        AveragePrecisionFactory f = new AveragePrecisionFactory();
        assertEquals(new AveragePrecisionConfig(null), f.parseConfig(ConfigView.parse("average = null")));
        assertEquals(new AveragePrecisionConfig("macro"), f.parseConfig(ConfigView.parse("")));
        ConfigException e = assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("average = micro")));
        assertTrue(e.getMessage().startsWith("average"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> run("macro"));
    }
}
