package org.pretrain4j.core.retriever;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.evaluation.RetrievalBatch;

/**
 * A gallery prepared for search: its vectors are normalised (for cosine similarity) once and kept as one matrix, and
 * queries are answered a block at a time with one matrix product {@code (block, dim) x (dim, gallery)} followed by a
 * top-k per row inside libtorch, never with per-pair loops. Blocks are sized so that a block's score matrix stays
 * around {@value #BLOCK_ELEMENTS} floats whatever the gallery size.
 */
public final class Gallery implements AutoCloseable {
    /** Scores held at once per block of queries: 16 Mi floats, 64 MiB. */
    static final long BLOCK_ELEMENTS = 1L << 24;
    /** From this depth on, relevance rankings sort in Java instead of taking a libtorch top-k. */
    static final int DEEP_RANKING = 1024;

    private final Features features;
    private final Similarity similarity;
    private final NDManager manager;
    private final NDArray transposed;
    private final NDArray labels;
    private final Map<Integer, Integer> labelCounts = new HashMap<>();

    /**
     * Receives the ranking of one block of queries. The arrays belong to a manager that is closed when the call
     * returns; copy out what must outlive it.
     */
    @FunctionalInterface
    public interface BlockConsumer {
        /**
         * Takes one block.
         *
         * @param first the row of the block's first query among all queries
         * @param scores {@code (block, k)} similarities, best first
         * @param indices {@code (block, k)} int64 gallery rows, best first
         */
        void accept(int first, NDArray scores, NDArray indices);
    }

    /**
     * Prepares a gallery.
     *
     * @param features the gallery's vectors
     * @param similarity how queries are scored against them
     * @param parent the manager the gallery's arrays live under (in a sub-manager closed by {@link #close})
     */
    public Gallery(Features features, Similarity similarity, NDManager parent) {
        this.features = requireNonNull(features, "features is null");
        this.similarity = requireNonNull(similarity, "similarity is null");
        if (features.count() == 0) {
            throw new Pretrain4jException("the gallery is empty: there is nothing to retrieve from");
        }
        this.manager = requireNonNull(parent, "parent is null").newSubManager();
        this.transposed = similarity.prepare(features.toArray(manager)).transpose();
        this.labels = manager.create(features.labels()).toType(DataType.INT64, false);
        for (int label : features.labels()) {
            labelCounts.merge(label, 1, Integer::sum);
        }
    }

    /**
     * The gallery's vectors with their labels and identities.
     *
     * @return the features
     */
    public Features features() {
        return features;
    }

    /**
     * The number of gallery items.
     *
     * @return the count
     */
    public int size() {
        return features.count();
    }

    /**
     * Scores queries against every gallery item.
     *
     * @param queries {@code (n, dim)}
     * @return {@code (n, size())} similarities, attached to the queries' manager
     */
    public NDArray scores(NDArray queries) {
        checkQueries(queries);
        return similarity.prepare(queries).matMul(transposed);
    }

    /**
     * Ranks the gallery for every query, a block of queries at a time.
     *
     * @param queries {@code (n, dim)}
     * @param k how many best items to rank per query; capped at the gallery size
     * @param consumer receives each block's top-k, in query order
     */
    public void rank(NDArray queries, int k, BlockConsumer consumer) {
        checkQueries(queries);
        requireNonNull(consumer, "consumer is null");
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        int depth = Math.min(k, size());
        int n = Math.toIntExact(queries.getShape().get(0));
        int block = blockSize(n);
        for (int start = 0; start < n; start += block) {
            try (NDManager step = queries.getManager().newSubManager()) {
                NDArray q = queries.get(new NDIndex("{}:{}", start, Math.min(n, start + block)));
                q.attach(step);
                NDList top = scores(q).topK(depth, 1, true, true);
                consumer.accept(start, top.get(0), top.get(1));
            }
        }
    }

    /**
     * Ranks the gallery for labelled queries and hands over, a block of queries at a time, the relevance of each
     * query's {@code k} best items (an item is relevant when its label equals the query's). Shallow rankings take the
     * top {@code k} inside libtorch; rankings {@value #DEEP_RANKING} or more deep (a full-gallery mAP) sort each row's
     * relevant and other scores separately in Java and merge them, which is several times faster than a full argsort
     * because only relevance, not item identity, is needed ({@link ScoreSort}). There an item tied with a relevant one
     * ranks first.
     *
     * @param queries {@code (n, dim)}
     * @param queryLabels {@code n} labels
     * @param k how deep to rank; capped at the gallery size
     * @param consumer receives each block's relevance flags, in query order
     */
    public void rankRelevance(NDArray queries, int[] queryLabels, int k, Consumer<RetrievalBatch> consumer) {
        requireLabels();
        int n = Math.toIntExact(queries.getShape().get(0));
        if (queryLabels.length != n) {
            throw new IllegalArgumentException(queryLabels.length + " query labels for " + n + " queries");
        }
        int depth = Math.min(k, size());
        if (depth < DEEP_RANKING) {
            rank(queries, depth, (first, scores, indices) -> consumer.accept(relevance(indices,
                    Arrays.copyOfRange(queryLabels, first, first + (int) indices.getShape().get(0)))));
            return;
        }
        int block = blockSize(n);
        for (int start = 0; start < n; start += block) {
            int rows = Math.min(n, start + block) - start;
            float[] scores;
            try (NDManager step = queries.getManager().newSubManager()) {
                NDArray q = queries.get(new NDIndex("{}:{}", start, start + rows));
                q.attach(step);
                scores = scores(q).toFloatArray();
            }
            boolean[] hits = new boolean[rows * depth];
            int[] counts = new int[rows];
            int first = start;
            IntStream.range(0, rows).parallel().forEach(r -> {
                counts[r] = labelCounts.getOrDefault(queryLabels[first + r], 0);
                rankRow(scores, r, queryLabels[first + r], counts[r], depth, hits);
            });
            consumer.accept(new RetrievalBatch(rows, depth, hits, counts));
        }
    }

    /** One query's relevance flags from its scores: sorted relevant and other scores merged from the top. */
    private void rankRow(float[] scores, int row, int label, int relevant, int depth, boolean[] hits) {
        int m = size();
        int[] pos = new int[relevant];
        int[] neg = new int[m - relevant];
        int p = 0;
        int q = 0;
        int[] galleryLabels = features.labels();
        for (int i = 0; i < m; i++) {
            int key = ScoreSort.key(scores[row * m + i]);
            if (galleryLabels[i] == label) {
                pos[p++] = key;
            } else {
                neg[q++] = key;
            }
        }
        int[] scratch = new int[Math.max(pos.length, neg.length)];
        ScoreSort.sort(pos, pos.length, scratch);
        ScoreSort.sort(neg, neg.length, scratch);
        p = pos.length - 1;
        q = neg.length - 1;
        for (int r = 0; r < depth; r++) {
            if (p >= 0 && (q < 0 || Integer.compareUnsigned(pos[p], neg[q]) > 0)) {
                hits[row * depth + r] = true;
                p--;
            } else {
                q--;
            }
        }
    }

    /**
     * Turns ranked gallery rows into relevance flags: an item is relevant to a query when their labels are equal, as
     * for class-labelled data (Fashion-MNIST, CUB, ...).
     *
     * @param indices {@code (n, k)} int64 gallery rows from {@link #rank}
     * @param queryLabels {@code n} labels of the queries
     * @return the flags and, per query, how many gallery items share its label
     * @throws Pretrain4jException if the gallery has unlabelled items
     */
    public RetrievalBatch relevance(NDArray indices, int[] queryLabels) {
        requireLabels();
        Shape shape = indices.getShape();
        int n = Math.toIntExact(shape.get(0));
        int k = Math.toIntExact(shape.get(1));
        if (queryLabels.length != n) {
            throw new IllegalArgumentException(queryLabels.length + " query labels for " + n + " ranked rows");
        }
        NDManager m = indices.getManager();
        NDArray ranked = labels.take(m, indices);
        NDArray query = m.create(queryLabels).toType(DataType.INT64, false).reshape(n, 1);
        int[] counts = new int[n];
        for (int q = 0; q < n; q++) {
            counts[q] = labelCounts.getOrDefault(queryLabels[q], 0);
        }
        return new RetrievalBatch(n, k, ranked.eq(query).toBooleanArray(), counts);
    }

    /** Queries per block: the block's score matrix holds about {@link #BLOCK_ELEMENTS} floats. */
    private int blockSize(int queries) {
        return (int) Math.max(1, Math.min(queries, BLOCK_ELEMENTS / size()));
    }

    private void requireLabels() {
        if (!features.isLabelled()) {
            throw new Pretrain4jException("retrieval metrics need gallery labels, but the gallery has unlabelled "
                    + "items (an inline prototype, or a feature file without labels); use a dataloader prototype or "
                    + "a file written by pretrain4j extract");
        }
    }

    private void checkQueries(NDArray queries) {
        Shape s = requireNonNull(queries, "queries is null").getShape();
        if (s.dimension() != 2 || s.get(1) != features.dim()) {
            throw new Pretrain4jException("queries have shape " + s + " but the gallery holds " + features.dim()
                    + "-d vectors; queries and gallery must come from the same model and stage");
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
