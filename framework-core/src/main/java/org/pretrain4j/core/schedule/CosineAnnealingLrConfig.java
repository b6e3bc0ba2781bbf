package org.pretrain4j.core.schedule;

import static java.util.Objects.requireNonNull;

/**
 * Typed config of {@link CosineAnnealingLr}.
 *
 * @param tMax the cosine's half period, or null for the window's length
 * @param etaMin the minimum value (ignored when {@code etaMinRatio} is set)
 * @param etaMinRatio the minimum as a ratio of the base value, or null
 * @param window the window
 */
public record CosineAnnealingLrConfig(Integer tMax, double etaMin, Double etaMinRatio, Window window) {
    /**
     * Checks T_max.
     *
     * @param tMax the half period
     * @param etaMin the minimum
     * @param etaMinRatio the minimum ratio
     * @param window the window
     */
    public CosineAnnealingLrConfig {
        requireNonNull(window, "window is null");
        if (tMax != null && tMax <= 0) {
            throw new IllegalArgumentException("T_max must be > 0, got " + tMax);
        }
    }
}
