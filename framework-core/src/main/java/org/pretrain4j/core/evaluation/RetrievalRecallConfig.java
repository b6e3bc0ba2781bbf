package org.pretrain4j.core.evaluation;

import java.util.List;

/**
 * Typed config of {@link RetrievalRecall}.
 *
 * @param topk the k values to report, each at least 1
 */
public record RetrievalRecallConfig(List<Integer> topk) {
    /**
     * Checks and copies the list.
     *
     * @param topk the k values
     */
    public RetrievalRecallConfig {
        topk = List.copyOf(topk);
        if (topk.isEmpty() || topk.stream().anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("topk must hold positive integers, got " + topk);
        }
    }
}
