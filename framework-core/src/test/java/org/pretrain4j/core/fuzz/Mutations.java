package org.pretrain4j.core.fuzz;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Seeded random damage to valid files, for the fuzz tests of readers of untrusted input. Each case is a seed, so a
 * failing case is replayed by its number in the test name; the case counts are the numbers issue 9 asks to report.
 */
public final class Mutations {
    private Mutations() {}

    /**
     * Seeds for {@code count} cases, derived from a fixed base so every run tries the same inputs.
     *
     * @param count the number of cases
     * @return one seed per case
     */
    public static Stream<Long> seeds(int count) {
        return LongStream.range(0, count).map(i -> 0x5EED_0000L + i).boxed();
    }

    /**
     * A copy with 1 to {@code maxFlips} bytes set to random values.
     *
     * @param valid the original bytes
     * @param random the case's random source
     * @param maxFlips the most bytes to change
     * @return the damaged copy
     */
    public static byte[] flipBytes(byte[] valid, SplittableRandom random, int maxFlips) {
        byte[] copy = valid.clone();
        int flips = 1 + random.nextInt(maxFlips);
        for (int i = 0; i < flips; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    /**
     * A prefix of random length, shorter than the original.
     *
     * @param valid the original bytes
     * @param random the case's random source
     * @return the truncated copy
     */
    public static byte[] truncate(byte[] valid, SplittableRandom random) {
        return Arrays.copyOf(valid, random.nextInt(valid.length));
    }

    /**
     * Either {@link #flipBytes} or {@link #truncate}, half the time each.
     *
     * @param valid the original bytes
     * @param random the case's random source
     * @return the damaged copy
     */
    public static byte[] damage(byte[] valid, SplittableRandom random) {
        return random.nextBoolean() ? flipBytes(valid, random, 16) : truncate(valid, random);
    }
}
