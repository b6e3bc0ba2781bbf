package org.pretrain4j.core.retriever;

import java.util.Arrays;

/**
 * Sorting of similarity scores for full-gallery rankings: each float becomes an int key whose unsigned order is the
 * float order, and the keys are radix-sorted in three passes of 11 bits. For the tens of thousands of scores of one
 * gallery row this is several times faster than {@code Arrays.sort(float[])}, which dominated full-ranking mAP.
 */
final class ScoreSort {
    private static final int BITS = 11;
    private static final int BUCKETS = 1 << BITS;

    private ScoreSort() {}

    /**
     * The sortable key of a score: unsigned key order equals float order (-0.0 just below +0.0; NaN above
     * +Infinity).
     *
     * @param score the score
     * @return the key
     */
    static int key(float score) {
        int bits = Float.floatToRawIntBits(score);
        // Positive floats get the top bit set; negative ones are inverted, so larger magnitudes sort lower.
        return bits ^ (bits >> 31 | Integer.MIN_VALUE);
    }

    /**
     * Sorts keys ascending in unsigned order.
     *
     * @param keys the keys; sorted in place
     * @param n how many leading keys to sort
     * @param scratch at least {@code n} ints of working space
     */
    static void sort(int[] keys, int n, int[] scratch) {
        int[] src = keys;
        int[] dst = scratch;
        int[] counts = new int[BUCKETS + 1];
        for (int shift = 0; shift < Integer.SIZE; shift += BITS) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[(src[i] >>> shift & BUCKETS - 1) + 1]++;
            }
            for (int b = 0; b < BUCKETS; b++) {
                counts[b + 1] += counts[b];
            }
            for (int i = 0; i < n; i++) {
                dst[counts[src[i] >>> shift & BUCKETS - 1]++] = src[i];
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != keys) {
            System.arraycopy(src, 0, keys, 0, n);
        }
    }
}
