package org.pretrain4j.core.retriever;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.pretrain4j.api.Pretrain4jException;

/**
 * The weighted k-nearest-neighbour classifier of InstDisc (Wu et al. 2018) and DINO's {@code eval_knn.py}, the usual
 * quick check of frozen self-supervised features: a query's {@code k} most cosine-similar training vectors vote for
 * their classes, each with weight {@code exp(s / T)} for similarity {@code s} and temperature {@code T}, and a class's
 * score is the sum of its votes. Classes without a vote score 0.
 *
 * <p>The search is a {@link Gallery} over the training vectors: one matrix product per block of queries with a top-k
 * inside libtorch, so 10,000 queries against 60,000 training vectors never hold more than one block's scores. A
 * {@code k} larger than the training set is capped at its size (every training vector votes). Which of several
 * training vectors tied at the k-th place votes is libtorch's choice; ties in the class scores are left to the
 * caller (the {@code Accuracy} metric ranks the lower class index first, as {@code argmax} does).
 */
public final class KnnClassifier implements AutoCloseable {
    private final Gallery gallery;
    private final int numClasses;
    private final int k;
    private final double temperature;

    /**
     * Receives the class scores of one block of queries.
     */
    @FunctionalInterface
    public interface VoteConsumer {
        /**
         * Takes one block.
         *
         * @param first the row of the block's first query among all queries
         * @param rows the block's queries
         * @param votes {@code rows * numClasses} summed vote weights, row-major
         */
        void accept(int first, int rows, float[] votes);
    }

    /**
     * Prepares the training vectors (L2-normalised once).
     *
     * @param train the labelled training vectors
     * @param numClasses the number of classes; every training label must be below it
     * @param k how many neighbours vote, at least 1
     * @param temperature {@code T} of the vote weights {@code exp(s / T)}, positive
     * @param parent the manager the prepared vectors live under (in a sub-manager closed by {@link #close})
     * @throws Pretrain4jException if a training vector is unlabelled or its label is not below {@code numClasses}
     * @throws IllegalArgumentException for a {@code k} below 1 or a temperature that is not positive
     */
    public KnnClassifier(Features train, int numClasses, int k, double temperature, NDManager parent) {
        requireNonNull(train, "train is null");
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        for (int label : train.labels()) {
            if (label < 0 || label >= numClasses) {
                throw new Pretrain4jException("k-NN needs a class label on every training vector, below "
                        + numClasses + "; found label " + label);
            }
        }
        this.numClasses = numClasses;
        this.k = Math.min(k, train.count());
        this.temperature = temperature;
        this.gallery = new Gallery(train, Similarity.COSINE, parent);
    }

    /**
     * The number of classes, the width of each vote row.
     *
     * @return the count
     */
    public int numClasses() {
        return numClasses;
    }

    /**
     * How many neighbours vote: the requested {@code k}, capped at the training set's size.
     *
     * @return the effective k
     */
    public int k() {
        return k;
    }

    /**
     * Scores every class for every query, a block of queries at a time.
     *
     * @param queries {@code (n, dim)} vectors of the training vectors' model and stage (normalised here)
     * @param consumer receives each block's class scores, in query order
     */
    public void classify(NDArray queries, VoteConsumer consumer) {
        requireNonNull(consumer, "consumer is null");
        int[] labels = gallery.features().labels();
        gallery.rank(queries, k, (first, scores, indices) -> {
            int rows = Math.toIntExact(scores.getShape().get(0));
            float[] s = scores.toFloatArray();
            long[] idx = indices.toLongArray();
            float[] votes = new float[rows * numClasses];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < k; j++) {
                    int at = r * k + j;
                    votes[r * numClasses + labels[(int) idx[at]]] += (float) Math.exp(s[at] / temperature);
                }
            }
            consumer.accept(first, rows, votes);
        });
    }

    @Override
    public void close() {
        gallery.close();
    }
}
