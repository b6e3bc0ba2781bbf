package org.pretrain4j.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class SamplingTest {
    private static double mean(double a, double b, int n) {
        SplittableRandom random = new SplittableRandom(1);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double x = Sampling.beta(random, a, b);
            assertTrue(x >= 0 && x <= 1, "Beta draw outside [0, 1]: " + x);
            sum += x;
        }
        return sum / n;
    }

    @Test
    void betaHasTheRightMeanForLargeAndSmallShapes() {
        assertEquals(2.0 / 7.0, mean(2, 5, 20_000), 0.01);
        assertEquals(0.5, mean(0.2, 0.2, 20_000), 0.02);
        assertEquals(0.5, mean(1e-3, 1e-3, 2_000), 0.05); // shapes whose Gammas underflow in linear space
        assertEquals(0.8, mean(4, 1, 20_000), 0.01);
    }

    @Test
    void permutationIsAPermutationAndSeeded() {
        long[] p = Sampling.permutation(new SplittableRandom(3), 50);
        long[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, sorted[i]);
        }
        assertArrayEquals(p, Sampling.permutation(new SplittableRandom(3), 50));
    }
}
