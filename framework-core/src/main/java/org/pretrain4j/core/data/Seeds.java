package org.pretrain4j.core.data;

/**
 * Derives independent seeds from a run seed and counters, so that the randomness of sample {@code i} in epoch
 * {@code e} is the same whichever thread draws it and whether or not the run was resumed in between.
 */
public final class Seeds {
    private Seeds() {}

    /**
     * Mixes a run seed with two counters (SplitMix64's finaliser over a combination of the three).
     *
     * @param seed the run seed
     * @param a the first counter, e.g. the epoch
     * @param b the second counter, e.g. the sample index
     * @return a well-spread derived seed
     */
    public static long derive(long seed, long a, long b) {
        long z = seed + 0x9E3779B97F4A7C15L * (a + 1) + 0xC2B2AE3D27D4EB4FL * (b + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
