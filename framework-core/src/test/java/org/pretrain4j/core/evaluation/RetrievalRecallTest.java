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
import org.pretrain4j.api.evaluation.RetrievalBatch;

final class RetrievalRecallTest {
    private static RetrievalRecall recall(List<Integer> topk) {
        return new RetrievalRecall(new RetrievalRecallConfig(topk));
    }

    /**
     * mmpretrain's docstring example, {@code RetrievalRecall.calculate([[0], [1], [2], [3]],
     * [[0, 1], [2], [1], [0, 3]], topk=1, pred_indices=True, target_indices=True)} = 50: the best items 0 and 3 of
     * queries 0 and 3 are relevant, those of queries 1 and 2 are not, so 2 of 4 queries hit.
     */
    @Test
    void mmpretrainDocstringExample() {
        RetrievalRecall r = recall(List.of(1));
        r.process(new RetrievalBatch(4, 1, new boolean[] {true, false, false, true}, new int[] {2, 1, 1, 2}));
        assertEquals(Map.of("retrieval/Recall@1", 50.0), r.compute());
    }

    /**
     * Three queries ranked 5 deep. Query 0's first relevant item is at rank 2 (a miss at k = 1, a hit at k = 5), query
     * 1's at rank 0 (hit at both), query 2 has none (miss at both): Recall@1 = 1/3 = 33.33 %, Recall@5 = 2/3 = 66.67 %.
     */
    @Test
    void severalKsOverOneRanking() {
        RetrievalRecall r = recall(List.of(1, 5));
        assertEquals(5, r.maxRank());
        r.process(new RetrievalBatch(3, 5, new boolean[] {
            false, false, true, false, true,
            true, false, false, false, false,
            false, false, false, false, false,
        }, new int[] {4, 1, 0}));
        Map<String, Double> m = r.compute();
        assertEquals(List.of("retrieval/Recall@1", "retrieval/Recall@5"), new ArrayList<>(m.keySet()));
        assertEquals(100.0 / 3, m.get("retrieval/Recall@1"), 1e-9);
        assertEquals(200.0 / 3, m.get("retrieval/Recall@5"), 1e-9);
    }

    /** Two batches (1 hit of 1, then 0 of 3) average per query: 1/4 = 25 %; compute then starts over. */
    @Test
    void accumulatesOverBatchesAndResets() {
        RetrievalRecall r = recall(List.of(1));
        r.process(new RetrievalBatch(1, 1, new boolean[] {true}, new int[] {1}));
        r.process(new RetrievalBatch(3, 1, new boolean[] {false, false, false}, new int[] {1, 1, 1}));
        assertEquals(Map.of("retrieval/Recall@1", 25.0), r.compute());
        assertThrows(IllegalStateException.class, r::compute);
    }

    /** A gallery of 2 items ranked fully: Recall@10 looks at both; query 0's hit at rank 1 counts. */
    @Test
    void kBeyondTheGalleryLooksAtAllOfIt() {
        RetrievalRecall r = recall(List.of(10));
        r.process(new RetrievalBatch(2, 2, new boolean[] {false, true, false, false}, new int[] {1, 0}));
        assertEquals(Map.of("retrieval/Recall@10", 50.0), r.compute());
    }

    @Test
    void classScoresAreRejected() {
        RetrievalRecall r = recall(List.of(1));
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> r.process(new Predictions(1, 2, new float[] {0.5f, 0.5f}, new int[] {0})));
        assertTrue(e.getMessage().contains("ImageToImageRetriever"), e.getMessage());
    }

    @Test
    void configAcceptsAnIntOrAListAndRejectsZero() {
        RetrievalRecallFactory f = new RetrievalRecallFactory();
        assertEquals(List.of(5), f.parseConfig(ConfigView.parse("topk = 5")).topk());
        assertEquals(List.of(1, 5), f.parseConfig(ConfigView.parse("topk = [1, 5]")).topk());
        ConfigException zero = assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("topk = 0")));
        assertTrue(zero.getMessage().startsWith("topk"), zero.getMessage());
        assertThrows(ConfigException.class, () -> f.parseConfig(ConfigView.parse("")));
    }
}
