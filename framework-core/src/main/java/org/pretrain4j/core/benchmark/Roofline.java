package org.pretrain4j.core.benchmark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The practical compute ceiling of this machine for the engine's thread settings: the best float32 GFLOP/s of a
 * square matrix product. Measured in the same process as a benchmark, so a noisy or throttled machine moves both
 * numbers together and their ratio stays meaningful.
 */
public final class Roofline {
    private Roofline() {}

    /**
     * Measures an {@code n x n} float32 matmul.
     *
     * @param n the matrix size (2048 is the reference)
     * @param repeats timed products; the fastest one counts
     * @return GFLOP/s of the fastest product ({@code 2 n^3} FLOPs)
     */
    public static double matmulGflops(int n, int repeats) {
        if (n <= 0 || repeats <= 0) {
            throw new IllegalArgumentException("n and repeats must be positive");
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomNormal(new Shape(n, n));
            NDArray b = manager.randomNormal(new Shape(n, n));
            // Two untimed products: the first pays for thread-pool start-up and page faults of the output.
            for (int i = 0; i < 2; i++) {
                a.matMul(b).close();
            }
            long best = Long.MAX_VALUE;
            for (int i = 0; i < repeats; i++) {
                long start = System.nanoTime();
                NDArray c = a.matMul(b);
                best = Math.min(best, System.nanoTime() - start);
                c.close();
            }
            return 2.0 * n * n * (double) n / best;
        }
    }
}
