package org.pretrain4j.core.augment;

import java.util.random.RandomGenerator;

/**
 * Beta draws and permutations from a {@link RandomGenerator}. Java has no Beta sampler; {@code Beta(a, b)} is
 * {@code X / (X + Y)} with {@code X ~ Gamma(a)}, {@code Y ~ Gamma(b)}, and Gamma comes from Marsaglia and Tsang's
 * method (ACM TOMS 26(3), 2000).
 */
final class Sampling {
    private Sampling() {}

    /**
     * Draws from {@code Beta(a, b)}.
     *
     * @param random the source
     * @param a the first shape, positive
     * @param b the second shape, positive
     * @return a value in {@code [0, 1]}
     */
    static double beta(RandomGenerator random, double a, double b) {
        // Work with log-Gammas: for small shapes (Mixup's alpha = 0.2) both Gammas can underflow to 0, and 0/0 is
        // NaN, while their log ratio is still well defined.
        double lx = logGamma(random, a);
        double ly = logGamma(random, b);
        return 1.0 / (1.0 + Math.exp(ly - lx));
    }

    /**
     * The logarithm of a draw from {@code Gamma(shape, 1)}.
     *
     * @param random the source
     * @param shape the shape, positive
     * @return {@code log X}
     */
    static double logGamma(RandomGenerator random, double shape) {
        if (!(shape > 0)) {
            throw new IllegalArgumentException("Gamma shape must be positive, got " + shape);
        }
        if (shape < 1) {
            // Boost: Gamma(a) = Gamma(a + 1) * U^(1/a); U in (0, 1] so its log is finite.
            double u = 1.0 - random.nextDouble();
            return logGamma(random, shape + 1) + Math.log(u) / shape;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = random.nextGaussian();
            double t = 1.0 + c * x;
            if (t <= 0) {
                continue;
            }
            double v = t * t * t;
            double u = 1.0 - random.nextDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return Math.log(d) + Math.log(v);
            }
        }
    }

    /**
     * A uniformly random permutation of {@code 0..n-1} (Fisher-Yates), as {@code long}s for an INT64 index array.
     *
     * @param random the source
     * @param n the size
     * @return the permutation
     */
    static long[] permutation(RandomGenerator random, int n) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}
