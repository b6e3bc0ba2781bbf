package org.pretrain4j.backbones.layers;

/**
 * mmpretrain's {@code make_divisible} ({@code models/utils/make_divisible.py}, the same rule as torchvision's
 * {@code _make_divisible}): rounds a channel count to the nearest multiple of a divisor, but never below a minimum
 * nor by more than 10% downwards. MobileNets and SE layers size their channels with it, so checkpoint shapes depend
 * on reproducing it exactly.
 */
public final class MakeDivisible {
    /** mmpretrain's default {@code min_ratio}: rounding down may lose at most 10% of the channels. */
    public static final double MIN_RATIO = 0.9;

    private MakeDivisible() {}

    /**
     * {@code make_divisible(value, divisor)}: the minimum is the divisor itself and {@code min_ratio} is 0.9.
     *
     * @param value the channel count to round, e.g. {@code 32 * widen_factor}
     * @param divisor the required divisor, positive
     * @return the rounded count
     */
    public static int of(double value, int divisor) {
        return of(value, divisor, divisor, MIN_RATIO);
    }

    /**
     * {@code make_divisible(value, divisor, min_value, min_ratio)}.
     *
     * @param value the channel count to round
     * @param divisor the required divisor, positive
     * @param minValue the smallest result allowed
     * @param minRatio if the rounded count falls below {@code minRatio * value}, one divisor is added
     * @return the rounded count
     * @throws IllegalArgumentException if the divisor is not positive
     */
    public static int of(double value, int divisor, int minValue, double minRatio) {
        if (divisor < 1) {
            throw new IllegalArgumentException("divisor must be positive, got " + divisor);
        }
        // Python's int() truncates towards zero and // floors; for the non-negative channel counts here both floor.
        int rounded = Math.max(minValue, (int) (value + divisor / 2.0) / divisor * divisor);
        return rounded < minRatio * value ? rounded + divisor : rounded;
    }
}
