package org.pretrain4j.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.evaluation.RetrievalBatch;
import org.pretrain4j.core.evaluation.RetrievalAveragePrecisionConfig.Mode;

final class RetrievalAveragePrecisionTest {
    private static RetrievalAveragePrecision ap(int topk, Mode mode) {
        return new RetrievalAveragePrecision(new RetrievalAveragePrecisionConfig(topk, mode));
    }

    /** mmpretrain's second docstring example: relevance 1,0,1,0,0,1,0,0,1,1 down the ranking, for two queries. */
    private static RetrievalBatch docstringBatch() {
        boolean[] row = {true, false, true, false, false, true, false, false, true, true};
        boolean[] hits = new boolean[20];
        System.arraycopy(row, 0, hits, 0, 10);
        System.arraycopy(row, 0, hits, 10, 10);
        return new RetrievalBatch(2, 10, hits, new int[] {5, 5});
    }

    /**
     * IR mode, mmpretrain's value 62.222222222222214: relevant ranks 0, 2, 5, 8, 9 give precisions 1/1, 2/3, 3/6, 4/9,
     * 5/10, summing to 3.1111; divided by the 5 relevant items, 0.62222, in percent 62.222.
     */
    @Test
    void irModeMatchesTheDocstring() {
        RetrievalAveragePrecision m = ap(10, Mode.IR);
        m.process(docstringBatch());
        assertEquals(62.222222222222214, m.compute().get("retrieval/mAP@10"), 1e-9);
    }

    /**
     * Integrate mode on the same ranking: trapezoids (old + new) / 2 with old = i / r (1 at r = 0), new = (i+1)/(r+1):
     * r=0: (1 + 1)/2 = 1; r=2: (1/2 + 2/3)/2 = 0.58333; r=5: (2/5 + 3/6)/2 = 0.45; r=8: (3/8 + 4/9)/2 = 0.40972;
     * r=9: (4/9 + 5/10)/2 = 0.47222. Sum 2.91528 / 5 = 0.58306, in percent 58.3056.
     */
    @Test
    void integrateModeByHand() {
        RetrievalAveragePrecision m = ap(10, Mode.INTEGRATE);
        m.process(docstringBatch());
        assertEquals(58.30555555555556, m.compute().get("retrieval/mAP@10"), 1e-9);
    }

    /**
     * mmpretrain's first docstring example, 29.246031746031747: predictions 0..99 in order, targets {0,3,6,8,35},
     * {1,2,54,105}, {2,42,205}, topk 10. Query 0 finds ranks 0,3,6,8: (1 + 2/4 + 3/7 + 4/9) / 5 = 0.474603; query 1
     * ranks 1,2: (1/2 + 2/3) / 4 = 0.291667; query 2 rank 2: (1/3) / 3 = 0.111111; the mean is 0.292460. The ranking
     * here goes 12 deep, so the metric must stop at its topk of 10.
     */
    @Test
    void firstDocstringExampleCutsAtTopk() {
        int k = 12;
        boolean[] hits = new boolean[3 * k];
        for (int r : new int[] {0, 3, 6, 8, 11}) {
            hits[r] = true;
        }
        hits[k + 1] = true;
        hits[k + 2] = true;
        hits[2 * k + 2] = true;
        RetrievalAveragePrecision m = ap(10, Mode.IR);
        assertEquals(10, m.maxRank());
        m.process(new RetrievalBatch(3, k, hits, new int[] {5, 4, 3}));
        assertEquals(29.246031746031747, m.compute().get("retrieval/mAP@10"), 1e-9);
    }

    /** Batches average per query: (100 + 0) / 2 with a query whose class is absent from the gallery scoring 0. */
    @Test
    void queriesWithoutRelevantItemsScoreZero() {
        RetrievalAveragePrecision m = ap(1, Mode.IR);
        m.process(new RetrievalBatch(1, 1, new boolean[] {true}, new int[] {1}));
        m.process(new RetrievalBatch(1, 1, new boolean[] {false}, new int[] {0}));
        assertEquals(Map.of("retrieval/mAP@1", 50.0), m.compute());
        assertThrows(IllegalStateException.class, m::compute);
    }

    @Test
    void configNeedsAPositiveTopkAndAKnownMode() {
        RetrievalAveragePrecisionFactory f = new RetrievalAveragePrecisionFactory();
        assertEquals(new RetrievalAveragePrecisionConfig(100, Mode.IR), f.parseConfig(ConfigView.parse("topk = 100")));
        assertEquals(Mode.INTEGRATE, f.parseConfig(ConfigView.parse("topk = 5, mode = integrate")).mode());
        ConfigException mode = assertThrows(ConfigException.class,
                () -> f.parseConfig(ConfigView.parse("topk = 5, mode = ir")));
        assertTrue(mode.getMessage().startsWith("mode"), mode.getMessage());
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("topk = 0")));
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("mode = IR")));
    }
}
