package org.pretrain4j.core.retriever;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.evaluation.RetrievalBatch;

final class GalleryTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    static float[] random(int n, int dim, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    static Features labelled(int n, int dim, long seed, int classes) {
        int[] labels = IntStream.range(0, n).map(i -> i % classes).toArray();
        int[] ids = IntStream.range(0, n).toArray();
        return new Features(n, dim, random(n, dim, seed), labels, ids, List.of(), List.of());
    }

    /** The k best gallery rows of one query by brute force in Java: cosine or dot product, ties to the lower row. */
    private static List<Integer> bruteForce(Features g, float[] q, int row, int k, Similarity s) {
        int d = g.dim();
        double qn = 0;
        for (int c = 0; c < d; c++) {
            qn += q[row * d + c] * q[row * d + c];
        }
        double[] score = new double[g.count()];
        for (int i = 0; i < g.count(); i++) {
            double dot = 0;
            double gn = 0;
            for (int c = 0; c < d; c++) {
                dot += q[row * d + c] * g.values()[i * d + c];
                gn += g.values()[i * d + c] * g.values()[i * d + c];
            }
            score[i] = s == Similarity.COSINE ? dot / Math.sqrt(qn) / Math.sqrt(gn) : dot;
        }
        List<Integer> order = new ArrayList<>(IntStream.range(0, g.count()).boxed().toList());
        order.sort(Comparator.comparingDouble((Integer i) -> -score[i]).thenComparing(i -> i));
        return order.subList(0, k);
    }

    /**
     * Rankings equal a brute-force Java ranking: cosine and dot product on 7 queries against 50 items; 6,000 queries
     * against 3,000 items, which takes two blocks (5,592 queries per block of 2^24 scores); and k above the gallery
     * size, which ranks the whole gallery.
     */
    @ParameterizedTest(name = "{0} {1} items {2} queries top {3}")
    @CsvSource({"COSINE, 50, 7, 5", "DOT, 50, 7, 5", "COSINE, 3000, 6000, 3", "COSINE, 4, 3, 10"})
    void ranksLikeBruteForce(Similarity similarity, int galleryRows, int queryRows, int k) {
        Features g = labelled(galleryRows, 8, 1, 3);
        float[] q = random(queryRows, 8, 2);
        List<List<Integer>> found = new ArrayList<>();
        int[] blocks = {0};
        try (Gallery gallery = new Gallery(g, similarity, manager)) {
            gallery.rank(manager.create(q, new Shape(queryRows, 8)), k, (first, scores, indices) -> {
                assertEquals(found.size(), first, "blocks arrive in query order");
                int kk = (int) indices.getShape().get(1);
                long[] rows = indices.toLongArray();
                for (int i = 0; i < rows.length / kk; i++) {
                    List<Integer> best = new ArrayList<>();
                    for (int r = 0; r < kk; r++) {
                        best.add((int) rows[i * kk + r]);
                    }
                    found.add(best);
                }
                blocks[0]++;
            });
        }
        assertEquals(queryRows, found.size());
        for (int i = 0; i < queryRows; i++) {
            assertEquals(bruteForce(g, q, i, Math.min(k, galleryRows), similarity), found.get(i), "query " + i);
        }
        long block = Math.max(1, Math.min(queryRows, Gallery.BLOCK_ELEMENTS / galleryRows));
        assertEquals((queryRows + block - 1) / block, blocks[0]);
    }

    /**
     * Gallery labels 0,1,2,0,1,2 (two per class). Query A (label 1) ranks rows 4, 0, 1: relevant, not, relevant.
     * Query B (label 2) ranks rows 2, 5, 3: relevant, relevant, not. Each class has two gallery items.
     */
    @Test
    void relevanceIsSameLabel() {
        Features g = labelled(6, 2, 1, 3);
        try (Gallery gallery = new Gallery(g, Similarity.COSINE, manager)) {
            NDArray ranked = manager.create(new long[] {4, 0, 1, 2, 5, 3}, new Shape(2, 3));
            RetrievalBatch b = gallery.relevance(ranked, new int[] {1, 2});
            assertArrayEquals(new boolean[] {true, false, true, true, true, false}, b.hits());
            assertArrayEquals(new int[] {2, 2}, b.relevantCounts());
            assertArrayEquals(new int[] {0}, gallery.relevance(ranked.get("0:1"), new int[] {7}).relevantCounts());
        }
    }

    /**
     * A full ranking of 1,100 items takes the Java sort-and-merge path; its flags must equal those of libtorch's
     * top-k followed by label lookup (random scores have no ties), and a shallow ranking takes the top-k path.
     */
    @Test
    void deepAndShallowRelevanceRankingsAgree() {
        Features g = labelled(1100, 8, 1, 4);
        NDArray q = manager.create(random(5, 8, 2), new Shape(5, 8));
        int[] labels = {0, 1, 2, 3, 1};
        try (Gallery gallery = new Gallery(g, Similarity.COSINE, manager)) {
            for (int depth : new int[] {Gallery.DEEP_RANKING + 76, 7}) {
                List<RetrievalBatch> deep = new ArrayList<>();
                gallery.rankRelevance(q, labels, depth, deep::add);
                List<RetrievalBatch> viaTopk = new ArrayList<>();
                gallery.rank(q, depth, (first, scores, indices) -> viaTopk.add(gallery.relevance(indices, labels)));
                assertEquals(1, deep.size());
                assertArrayEquals(viaTopk.get(0).hits(), deep.get(0).hits(), "depth " + depth);
                assertArrayEquals(new int[] {275, 275, 275, 275, 275}, deep.get(0).relevantCounts());
            }
        }
    }

    @Test
    void errorsSayWhatIsWrong() {
        try (Gallery gallery = new Gallery(Features.unlabelled(2, 3, random(2, 3, 0)), Similarity.COSINE, manager)) {
            Pretrain4jException dims = assertThrows(Pretrain4jException.class,
                    () -> gallery.scores(manager.ones(new Shape(1, 4))));
            assertTrue(dims.getMessage().contains("3-d vectors"), dims.getMessage());
            Pretrain4jException labels = assertThrows(Pretrain4jException.class,
                    () -> gallery.relevance(manager.create(new long[] {0}, new Shape(1, 1)), new int[] {0}));
            assertTrue(labels.getMessage().contains("gallery labels"), labels.getMessage());
        }
        assertThrows(Pretrain4jException.class,
                () -> new Gallery(Features.unlabelled(0, 3, new float[0]), Similarity.COSINE, manager));
    }

    /** Zero vectors score 0 instead of NaN, as torch.cosine_similarity's clamped norm gives. */
    @Test
    void zeroVectorsScoreZero() {
        try (Gallery gallery = new Gallery(Features.unlabelled(1, 2, new float[] {0, 0}), Similarity.COSINE,
                manager)) {
            assertArrayEquals(new float[] {0f}, gallery.scores(manager.create(new float[] {1, 0}, new Shape(1, 2)))
                    .toFloatArray());
        }
    }
}
