package org.pretrain4j.api.evaluation;

import org.pretrain4j.api.Pretrain4jException;

/**
 * A metric of image retrieval, such as {@code RetrievalRecall}: it accumulates ranked gallery results instead of
 * class scores. The evaluation loop asks each such metric how deep it needs the ranking ({@link #maxRank()}), ranks
 * the gallery that deep for every query, and hands the results over batch by batch.
 */
public interface RetrievalMetric extends Metric {
    /**
     * How many of the best-ranked gallery items per query this metric looks at.
     *
     * @return at least 1
     */
    int maxRank();

    /**
     * Adds one batch of ranked results.
     *
     * @param batch the queries' relevance flags, at least {@link #maxRank()} deep unless the gallery is smaller
     */
    void process(RetrievalBatch batch);

    /**
     * Rejects class scores: a retrieval metric needs a model that ranks a gallery.
     *
     * @param batch ignored
     * @throws Pretrain4jException always
     */
    @Override
    default void process(Predictions batch) {
        throw new Pretrain4jException(getClass().getSimpleName() + " evaluates ranked gallery items, but the model "
                + "produced class scores; use it with model.type = ImageToImageRetriever, or use Accuracy");
    }
}
