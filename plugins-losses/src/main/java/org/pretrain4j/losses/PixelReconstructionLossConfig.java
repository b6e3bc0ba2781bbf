package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

/**
 * Typed config of {@link PixelReconstructionLoss}, mirroring mmpretrain's constructor arguments.
 *
 * @param criterion the element-wise penalty: {@code L1} or {@code L2}
 * @param channel divisor of the masked loss (e.g. 3 when a {@code (B, 1, H, W)} mask covers RGB images), or null
 *     for 1
 */
public record PixelReconstructionLossConfig(Penalty criterion, Integer channel) {
    /**
     * Checks the config.
     *
     * @param criterion the penalty
     * @param channel the divisor, or null
     * @throws IllegalArgumentException if {@code channel} is not positive
     */
    public PixelReconstructionLossConfig {
        requireNonNull(criterion, "criterion is null");
        if (channel != null && channel < 1) {
            throw new IllegalArgumentException("channel must be positive, got " + channel);
        }
    }

    /**
     * The divisor actually applied to a masked loss.
     *
     * @return {@code channel}, or 1 when null
     */
    public int channelDivisor() {
        return channel == null ? 1 : channel;
    }
}
