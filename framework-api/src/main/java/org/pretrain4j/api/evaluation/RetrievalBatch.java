package org.pretrain4j.api.evaluation;

import static java.util.Objects.requireNonNull;

/**
 * One batch of retrieval results on the Java side: for each query, whether each of its {@code k} best-ranked gallery
 * items is relevant, and how many relevant items the whole gallery holds. This is all mmpretrain's
 * {@code RetrievalRecall} and {@code RetrievalAveragePrecision} look at; relevance itself (for example "same class")
 * is decided by whoever ranks the gallery.
 *
 * @param size the number of queries
 * @param k the number of ranked items per query, best first; the smaller of the rank asked for and the gallery size
 * @param hits {@code size * k} flags, row-major: {@code hits[q * k + r]} tells whether the item ranked {@code r}
 *     (0-based) for query {@code q} is relevant
 * @param relevantCounts {@code size} counts of relevant items in the whole gallery, one per query
 */
public record RetrievalBatch(int size, int k, boolean[] hits, int[] relevantCounts) {
    /**
     * Checks the array sizes.
     *
     * @param size queries
     * @param k ranked items per query
     * @param hits the relevance flags
     * @param relevantCounts the relevant counts
     */
    public RetrievalBatch {
        requireNonNull(hits, "hits is null");
        requireNonNull(relevantCounts, "relevantCounts is null");
        if (size < 0 || k < 0 || hits.length != (long) size * k || relevantCounts.length != size) {
            throw new IllegalArgumentException("hits/relevantCounts do not match " + size + " queries x " + k);
        }
    }

    /**
     * Whether one ranked item is relevant.
     *
     * @param query the query's row
     * @param rank the 0-based rank
     * @return true when the item at that rank is relevant to the query
     */
    public boolean hit(int query, int rank) {
        return hits[query * k + rank];
    }
}
