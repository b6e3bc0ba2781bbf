package org.pretrain4j.core.retriever;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class ScoreSortTest {
    /** Keys order like the floats: negatives, -0.0 below +0.0, subnormals, infinities, NaN on top. */
    @Test
    void keysOrderLikeTheirFloats() {
        float[] ascending = {Float.NEGATIVE_INFINITY, -3e38f, -1f, -Float.MIN_VALUE, -0f, 0f, Float.MIN_VALUE, 1e-30f,
            0.5f, 1f, 3e38f, Float.POSITIVE_INFINITY, Float.NaN};
        for (int i = 1; i < ascending.length; i++) {
            assertTrue(Integer.compareUnsigned(ScoreSort.key(ascending[i - 1]), ScoreSort.key(ascending[i])) < 0,
                    ascending[i - 1] + " < " + ascending[i]);
        }
    }

    /** 60,001 random scores in [-1, 1] with repeats sort exactly as Arrays.sort orders the floats. */
    @Test
    void sortsLikeArraysSort() {
        Random r = new Random(7);
        int n = 60001;
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i % 10 == 0 ? values[i / 2] : (float) (r.nextDouble() * 2 - 1);
        }
        int[] keys = new int[n + 5];
        for (int i = 0; i < n; i++) {
            keys[i] = ScoreSort.key(values[i]);
        }
        ScoreSort.sort(keys, n, new int[n]);
        float[] expected = values.clone();
        Arrays.sort(expected);
        int[] expectedKeys = new int[n];
        for (int i = 0; i < n; i++) {
            expectedKeys[i] = ScoreSort.key(expected[i]);
        }
        assertArrayEquals(expectedKeys, Arrays.copyOf(keys, n));
    }
}
