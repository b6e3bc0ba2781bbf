package org.pretrain4j.core.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.core.retriever.Features;

/** Accuracy over k-NN votes on hand-made vectors: tie-breaking, top-5 and label checks. */
final class KnnEvaluationTest {
    /** Six training vectors on the unit circle, one class each, at angles 0, 60, ..., 300 degrees. */
    private static Features circle() {
        float[] v = new float[12];
        for (int i = 0; i < 6; i++) {
            v[2 * i] = (float) Math.cos(Math.toRadians(60 * i));
            v[2 * i + 1] = (float) Math.sin(Math.toRadians(60 * i));
        }
        return new Features(6, 2, v, new int[] {0, 1, 2, 3, 4, 5}, new int[] {0, 1, 2, 3, 4, 5}, List.of(), List.of());
    }

    private static Features queries(float[] values, int... labels) {
        return new Features(labels.length, 2, values, labels, new int[labels.length], List.of(), List.of());
    }

    /**
     * Query (1, 1) is exactly as similar to (1, 0) of class 1 as to (0, 1) of class 0: the votes tie and the lower
     * class index wins, so label 0 is right and label 1 wrong. Two classes: top-1 only.
     */
    @Test
    void tiedVotesGoToTheLowerClass() {
        Features two = new Features(2, 2, new float[] {1, 0, 0, 1}, new int[] {1, 0}, new int[] {0, 1}, List.of(),
                List.of());
        assertEquals(Map.of("accuracy/top1", 100.0), KnnEvaluation.evaluate(two, queries(new float[] {1, 1}, 0), 2,
                0.07));
        assertEquals(Map.of("accuracy/top1", 0.0), KnnEvaluation.evaluate(two, queries(new float[] {1, 1}, 1), 2,
                0.07));
    }

    /** Query (cos 30, sin 30) has classes 0 and 1 as its two neighbours; both are in its top 5, class 2 is not. */
    @Test
    void top5CountsTheVotedClasses() {
        float c = (float) Math.cos(Math.toRadians(30));
        Map<String, Double> acc = KnnEvaluation.evaluate(circle(),
                queries(new float[] {c, 0.5f, c, 0.5f, c, 0.5f}, 0, 1, 2), 2, 0.07);
        assertEquals(100.0 * 2 / 3, acc.get("accuracy/top5"), 1e-9);
    }

    /** With k = 1 only the nearest class has a vote, so a class without votes is not in the top 5. */
    @Test
    void classesWithoutVotesAreNotInTheTop5() {
        Map<String, Double> acc = KnnEvaluation.evaluate(circle(), queries(new float[] {1, 0, 1, 0}, 0, 3), 1, 0.07);
        assertEquals(Map.of("accuracy/top1", 50.0, "accuracy/top5", 50.0), acc);
    }

    @Test
    void unlabelledQueriesAreAnError() {
        Features unlabelled = Features.unlabelled(1, 2, new float[] {1, 0});
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> KnnEvaluation.evaluate(circle(), unlabelled, 1, 0.07));
        assertTrue(e.getMessage().contains("the test set has unlabelled images"), e.getMessage());
    }
}
