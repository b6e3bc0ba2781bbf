package org.pretrain4j.core.retriever;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;

/**
 * Weighted votes computed by hand on four 2-D training vectors: t0 = (1, 0) and t3 = (-1, 0) of class 0, t1 = (0, 1)
 * of class 1, t2 = (1, 1) of class 2 (cosine 0.7071 with t0 and t1). With T = 0.5 a neighbour at cosine s weighs
 * exp(2 s).
 */
final class KnnClassifierTest {
    private static final double T = 0.5;
    private static final float R = (float) Math.sqrt(0.5);

    private NDManager manager;
    private final Features train = new Features(4, 2, new float[] {1, 0, 0, 1, 1, 1, -1, 0}, new int[] {0, 1, 2, 0},
            new int[] {0, 1, 2, 3}, List.of(), List.of());

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** All queries' vote rows, from the block consumer. */
    private float[] votes(KnnClassifier knn, float[] queries) {
        int n = queries.length / 2;
        float[] all = new float[n * knn.numClasses()];
        knn.classify(manager.create(queries, new Shape(n, 2)), (first, rows, votes) ->
                System.arraycopy(votes, 0, all, first * knn.numClasses(), rows * knn.numClasses()));
        return all;
    }

    private static float w(double cosine) {
        return (float) Math.exp(cosine / T);
    }

    @Test
    void theKNearestVoteWithExpSimilarityOverT() {
        try (KnnClassifier knn = new KnnClassifier(train, 3, 2, T, manager)) {
            // q0 = (2, 0): t0 (1) and t2 (0.7071) are nearest. q1 = (0, 3): t1 (1) and t2 (0.7071).
            float[] v = votes(knn, new float[] {2, 0, 0, 3});
            assertArrayEquals(new float[] {w(1), 0, w(R), 0, w(1), w(R)}, v, 1e-3f);
        }
    }

    /** Two neighbours at the same cosine from different classes give the classes equal scores: a tie. */
    @Test
    void equidistantNeighboursTie() {
        Features two = new Features(2, 2, new float[] {1, 0, 0, 1}, new int[] {1, 0}, new int[] {0, 1}, List.of(),
                List.of());
        try (KnnClassifier knn = new KnnClassifier(two, 2, 2, T, manager)) {
            float[] v = votes(knn, new float[] {1, 1});
            assertEquals(w(R), v[0], 1e-4f);
            assertEquals(v[0], v[1], 0f);
        }
    }

    /** k above the training set's size: every training vector votes, even at negative cosine. */
    @Test
    void kLargerThanTheTrainingSetLetsEveryVectorVote() {
        try (KnnClassifier knn = new KnnClassifier(train, 4, 10, T, manager)) {
            assertEquals(4, knn.k());
            float[] v = votes(knn, new float[] {1, 0});
            // class 0: t0 (1) + t3 (-1); class 1: t1 (0); class 2: t2 (0.7071); class 3 has no vector.
            assertArrayEquals(new float[] {w(1) + w(-1), w(0), w(R), 0}, v, 1e-3f);
        }
    }

    @Test
    void rejectsUnlabelledTrainingVectorsAndBadParameters() {
        Features unlabelled = Features.unlabelled(2, 2, new float[] {1, 0, 0, 1});
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> new KnnClassifier(unlabelled, 2, 1, T, manager));
        assertTrue(e.getMessage().contains("label"), e.getMessage());
        assertThrows(Pretrain4jException.class, () -> new KnnClassifier(train, 2, 1, T, manager));
        assertThrows(IllegalArgumentException.class, () -> new KnnClassifier(train, 3, 0, T, manager));
        assertThrows(IllegalArgumentException.class, () -> new KnnClassifier(train, 3, 1, 0, manager));
    }

    @Test
    void queriesOfAnotherDimensionAreAnError() {
        try (KnnClassifier knn = new KnnClassifier(train, 3, 2, T, manager)) {
            Pretrain4jException e = assertThrows(Pretrain4jException.class,
                    () -> knn.classify(manager.create(new float[] {1, 2, 3}, new Shape(1, 3)), (f, r, v) -> { }));
            assertTrue(e.getMessage().contains("same model and stage"), e.getMessage());
        }
    }
}
