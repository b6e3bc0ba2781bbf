package org.pretrain4j.core.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pretrain4j.api.evaluation.RetrievalBatch;
import org.pretrain4j.api.evaluation.RetrievalMetric;

/**
 * mmpretrain's {@code RetrievalRecall}: the percentage of queries with at least one relevant gallery item among their
 * {@code k} best-ranked items, for each configured {@code k}. Keys are {@code retrieval/Recall@1},
 * {@code retrieval/Recall@5}, ... A query with no relevant item in the gallery counts as a miss, as in mmpretrain.
 * A {@code k} beyond the gallery size looks at the whole gallery.
 */
public final class RetrievalRecall implements RetrievalMetric {
    private static final String PREFIX = "retrieval/";

    private final RetrievalRecallConfig config;
    private final int maxK;
    private final long[] hits;
    private long count;

    /**
     * Creates the metric.
     *
     * @param config the k values
     */
    public RetrievalRecall(RetrievalRecallConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.maxK = config.topk().stream().mapToInt(Integer::intValue).max().orElseThrow();
        this.hits = new long[config.topk().size()];
    }

    @Override
    public int maxRank() {
        return maxK;
    }

    @Override
    public void process(RetrievalBatch batch) {
        requireNonNull(batch, "batch is null");
        for (int q = 0; q < batch.size(); q++) {
            // The first relevant rank decides every k at once.
            int first = Integer.MAX_VALUE;
            for (int r = 0; r < batch.k(); r++) {
                if (batch.hit(q, r)) {
                    first = r;
                    break;
                }
            }
            for (int a = 0; a < hits.length; a++) {
                if (first < config.topk().get(a)) {
                    hits[a]++;
                }
            }
        }
        count += batch.size();
    }

    @Override
    public Map<String, Double> compute() {
        if (count == 0) {
            throw new IllegalStateException("RetrievalRecall: no queries were processed since the last compute()");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int a = 0; a < hits.length; a++) {
            out.put(PREFIX + "Recall@" + config.topk().get(a), hits[a] * 100.0 / count);
            hits[a] = 0;
        }
        count = 0;
        return out;
    }
}
